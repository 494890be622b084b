import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ZCreateRetrainTriggerSchema,
  ZMetricObservationQuery,
  ZMetricObservationsSchema,
  ZRetrainTriggerListQuery,
  ZTriggerChecksQuery,
  ZUpdateRetrainTriggerSchema,
  type CreateRetrainTriggerInput,
  type MetricObservationQuery,
  type MetricObservationsInput,
  type MetricObservationsResult,
  type ModelMetricSeriesView,
  type RetrainTriggerCheckView,
  type RetrainTriggerListQuery,
  type RetrainTriggerView,
  type TriggerEvaluation,
  type UpdateRetrainTriggerInput,
} from '@meridian/domain';
import type { Actor, OrgAccess } from '../../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../../common/zod';
import { RetrainTriggersService } from './retraining-triggers.service';
import {
  ZMetricObservationsResultView,
  ZModelMetricSeriesView,
  ZRetrainTriggerCheckListView,
  ZRetrainTriggerListView,
  ZRetrainTriggerView,
  ZTriggerEvaluationView,
} from './retraining-triggers.views';

const UNPROCESSABLE = { status: 422, description: 'UNPROCESSABLE: the config does not fit the trigger kind (issues name config.<field>), or refers to a dataset of another project' };

@ApiTags('retraining triggers')
@Controller('orgs/:orgId')
export class RetrainTriggersController {
  constructor(private readonly triggers: RetrainTriggersService) {}

  @Get('retraining/triggers')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Retraining triggers of the organisation (filters: project, kind), with last firing and check counts' })
  @ApiOk(ZRetrainTriggerListView)
  list(@ZQuery(ZRetrainTriggerListQuery) q: RetrainTriggerListQuery, @CurrentOrg() org: OrgAccess): Promise<RetrainTriggerView[]> {
    return this.triggers.list(org, q);
  }

  @Post('retraining/triggers')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a trigger: a new dataset version, a production metric crossing a threshold, drift against the training data, or a satisfaction signal launches retraining (audited)' })
  @ApiOk(ZRetrainTriggerView, 201, 'Created')
  @ApiResponse(UNPROCESSABLE)
  create(@ZBody(ZCreateRetrainTriggerSchema) body: CreateRetrainTriggerInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RetrainTriggerView> {
    return this.triggers.create(actor, org, body);
  }

  @Get('retraining/triggers/:triggerId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One retraining trigger' })
  @ApiOk(ZRetrainTriggerView)
  get(@IdParam('triggerId') id: string, @CurrentOrg() org: OrgAccess): Promise<RetrainTriggerView> {
    return this.triggers.get(org, id);
  }

  @Patch('retraining/triggers/:triggerId')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Rename, enable or disable, change the cooldown or replace the config of a trigger (its kind is fixed; audited)' })
  @ApiOk(ZRetrainTriggerView)
  @ApiResponse(UNPROCESSABLE)
  update(@IdParam('triggerId') id: string, @ZBody(ZUpdateRetrainTriggerSchema) body: UpdateRetrainTriggerInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RetrainTriggerView> {
    return this.triggers.update(actor, org, id, body);
  }

  @Delete('retraining/triggers/:triggerId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a trigger and its checks (the retraining events and runs it caused stay; audited)' })
  async delete(@IdParam('triggerId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.triggers.delete(actor, org, id);
  }

  @Get('retraining/triggers/:triggerId/checks')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'What the trigger judged, newest first: the evidence, score and threshold, the drift report, and the retraining event, run and risk it caused' })
  @ApiOk(ZRetrainTriggerCheckListView)
  checks(@IdParam('triggerId') id: string, @ZQuery(ZTriggerChecksQuery) q: { limit: number }, @CurrentOrg() org: OrgAccess): Promise<RetrainTriggerCheckView[]> {
    return this.triggers.checks(org, id, q.limit);
  }

  @Post('retraining/triggers/:triggerId/evaluate')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate now: what the trigger would do with the current data (a dry run: nothing is launched or recorded)' })
  @ApiOk(ZTriggerEvaluationView)
  evaluate(@IdParam('triggerId') id: string, @CurrentOrg() org: OrgAccess): Promise<TriggerEvaluation> {
    return this.triggers.evaluate(org, id);
  }

  @Post('models/:modelId/production-metrics')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report production metrics of a model version (batch of up to 10,000; a re-sent observation is a no-op); on the production model, METRIC_THRESHOLD triggers are judged' })
  @ApiOk(ZMetricObservationsResultView)
  @ApiResponse({ status: 422, description: 'UNPROCESSABLE: an observation is dated in the future (issues name observations.<i>.observedAt); nothing stored' })
  report(@IdParam('modelId') id: string, @ZBody(ZMetricObservationsSchema) body: MetricObservationsInput, @CurrentOrg() org: OrgAccess): Promise<MetricObservationsResult> {
    return this.triggers.reportObservations(org, id, body);
  }

  @Get('models/:modelId/production-metrics')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Production metric series of a model version (downsampled with LTTB), with the thresholds of the project\'s metric triggers' })
  @ApiOk(ZModelMetricSeriesView)
  series(@IdParam('modelId') id: string, @ZQuery(ZMetricObservationQuery) q: MetricObservationQuery, @CurrentOrg() org: OrgAccess): Promise<ModelMetricSeriesView> {
    return this.triggers.series(org, id, q);
  }
}
