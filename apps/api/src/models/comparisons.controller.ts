import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZComparisonListQuery, type ComparisonListQuery, type ModelComparisonView, type Page } from '@meridian/domain';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { page } from '../common/views';
import { ApiOk, IdParam, ZQuery } from '../common/zod';
import { ZModelComparisonView } from './comparison.views';
import { ComparisonsService } from './comparisons.service';

@ApiTags('models')
@Controller('orgs/:orgId')
export class ComparisonsController {
  constructor(private readonly comparisons: ComparisonsService) {}

  @Post('models/:modelId/compare')
  @OrgRole('MEMBER')
  @HttpCode(202)
  @ApiOperation({
    summary: "Compare this version with the project's champion on the same test rows (queues model.compare)",
    description:
      "Both models are evaluated on the test split of this version's training run (its dataset version, split again with the run's seed), each through its own preprocessing. The result is stored; with RetrainPolicy.autoPromote on, a challenger that wins by promoteMargin and passes the promotion gate becomes champion and production.",
  })
  @ApiOk(ZModelComparisonView, 202, 'Queued')
  @ApiResponse({ status: 409, description: 'CONFLICT: the version is the champion itself' })
  compare(@IdParam('modelId') id: string, @CurrentOrg() org: OrgAccess): Promise<ModelComparisonView> {
    return this.comparisons.request(org, id);
  }

  @Get('models/:modelId/comparisons')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Comparisons where this version was the challenger or the champion, newest first' })
  @ApiOk(page(ZModelComparisonView))
  forModel(@IdParam('modelId') id: string, @ZQuery(ZComparisonListQuery) q: ComparisonListQuery, @CurrentOrg() org: OrgAccess): Promise<Page<ModelComparisonView>> {
    return this.comparisons.list(org, { ...q, modelVersionId: id });
  }

  @Get('model-comparisons')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Challenger comparisons, newest first; filter by project, model version (either side) or the challenger run' })
  @ApiOk(page(ZModelComparisonView))
  list(@ZQuery(ZComparisonListQuery) q: ComparisonListQuery, @CurrentOrg() org: OrgAccess): Promise<Page<ModelComparisonView>> {
    return this.comparisons.list(org, q);
  }

  @Get('model-comparisons/:comparisonId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One challenger comparison: both models on the same test rows, winner, promoted or why not' })
  @ApiOk(ZModelComparisonView)
  get(@IdParam('comparisonId') id: string, @CurrentOrg() org: OrgAccess): Promise<ModelComparisonView> {
    return this.comparisons.get(org, id);
  }
}
