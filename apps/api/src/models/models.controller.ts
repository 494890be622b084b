import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZModelAliasName, ZPredictSchema, ZPromoteSchema, type ModelAliasEventView, type ModelAliasName, type ModelVersionView, type Page, type PredictInput } from '@meridian/domain';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { ZModelVersionView } from '../runs/views';
import { ModelsService } from './models.service';

const ZModelListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  projectId: z.string().max(64).optional(),
});

@ApiTags('models')
@Controller('orgs/:orgId/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Model versions in the registry, newest first; filter by project' })
  list(@ZQuery(ZModelListQuery) q: z.infer<typeof ZModelListQuery>, @CurrentOrg() org: OrgAccess): Promise<Page<ModelVersionView>> {
    return this.models.list(org, q);
  }

  @Get(':modelId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One model version with its lineage (run, dataset version, spec hash, preprocessing)' })
  @ApiOk(ZModelVersionView)
  get(@IdParam('modelId') id: string, @CurrentOrg() org: OrgAccess) {
    return this.models.get(org, id);
  }

  @Post(':modelId/aliases/:alias')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Point an alias (champion, challenger, production) at this version; production passes the promotion gate' })
  @ApiResponse({ status: 409, description: 'CONFLICT: the promotion gate refused, with the reason' })
  setAlias(@IdParam('modelId') id: string, @Param('alias') alias: string, @ZBody(ZPromoteSchema) body: { reason: string }, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess) {
    const parsed = ZModelAliasName.safeParse(alias);
    if (!parsed.success) throw AppError.validation([{ path: 'alias', message: `must be one of ${ZModelAliasName.options.join(', ')}` }]);
    return this.models.setAlias(org, actor, id, parsed.data as ModelAliasName, body.reason);
  }

  @Get(':modelId/aliases/history')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "History of the project's aliases: who moved which alias, from what to what, why and when" })
  history(@IdParam('modelId') id: string, @CurrentOrg() org: OrgAccess): Promise<ModelAliasEventView[]> {
    return this.models.history(org, id);
  }

  @Post(':modelId/predict')
  @OrgRole('VIEWER')
  @HttpCode(200)
  @ApiOperation({ summary: "Predictions for rows checked against the model's input schema; answers the model version used" })
  predict(@IdParam('modelId') id: string, @ZBody(ZPredictSchema) body: PredictInput, @CurrentOrg() org: OrgAccess) {
    return this.models.predict(org, id, body);
  }

  @Get(':modelId/artifact')
  @OrgRole('VIEWER')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download the model artifact (model.json, weights.bin, meridian.json packed in one file)' })
  async download(@IdParam('modelId') id: string, @CurrentOrg() org: OrgAccess, @Res() reply: FastifyReply): Promise<void> {
    const { stream, fileName } = await this.models.download(org, id);
    await reply.header('content-type', 'application/octet-stream').header('content-disposition', `attachment; filename="${fileName}"`).send(stream);
  }
}
