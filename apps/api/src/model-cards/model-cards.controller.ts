import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZModelCardNotesSchema, type ModelCardNotesInput, type ModelCardView } from '@meridian/domain';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody } from '../common/zod';
import { ZModelCardView } from './model-cards.views';
import { ModelCardsService } from './model-cards.service';

@ApiTags('model-cards')
@Controller('orgs/:orgId/model-cards')
export class ModelCardsController {
  constructor(private readonly cards: ModelCardsService) {}

  @Get(':modelVersionId')
  @OrgRole('VIEWER')
  @ApiOperation({
    summary:
      "A model version's model card: intended use, data (run and dataset version lineage with governance fields), test metrics against the project goal, fairness audits with verdicts and the promotion gate's fairness check, limitations, open risks",
  })
  @ApiOk(ZModelCardView)
  get(@IdParam('modelVersionId') id: string, @CurrentOrg() org: OrgAccess): Promise<ModelCardView> {
    return this.cards.get(org, id);
  }

  @Put(':modelVersionId/notes')
  @OrgRole('MEMBER')
  @ApiOk(ZModelCardView)
  @ApiOperation({ summary: 'Write the hand-written parts of the card: intended use, out-of-scope use, limitations, ethical considerations (audited)' })
  updateNotes(@IdParam('modelVersionId') id: string, @ZBody(ZModelCardNotesSchema) body: ModelCardNotesInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<ModelCardView> {
    return this.cards.updateNotes(actor, org, id, body);
  }
}
