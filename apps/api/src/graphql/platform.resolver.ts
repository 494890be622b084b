// GraphQL reads over the model side (issues 4 and 5): training runs, model versions, the risk
// register and fairness audit summaries. Thin resolvers over the services REST uses (owned by their
// areas; read-only here), behind the same @OrgRole guard, arguments validated by the same Zod
// schemas. Free-form JSON (specs, metrics, lineage) is returned as JSON strings, like Job.resultJson.
import { Args, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ZRiskListQuery, ZRunListQuery, type FairnessAuditSummaryView, type ModelVersionView, type RiskDetailView, type RiskView, type RunView } from '@meridian/domain';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ZodPipe } from '../common/zod';
import { FairnessAuditsService } from '../fairness-audits/fairness-audits.service';
import { ModelsService } from '../models/models.service';
import { RisksService } from '../risks/risks.service';
import { RunsService } from '../runs/runs.service';
import { MoneyType } from './company.types';
import { ZGqlId } from './company.resolver';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const args = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const ZPageArgs = z.object({ limit: z.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional(), projectId: ZGqlId.optional() });

@ObjectType('TrainingRun')
export class TrainingRunType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => ID, { nullable: true }) datasetVersionId!: string | null;
  @Field(() => ID, { nullable: true }) jobId!: string | null;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) preset!: string | null;
  @Field(() => String, { nullable: true }) specHash!: string | null;
  @Field(() => String, { nullable: true }) labelColumn!: string | null;
  @Field(() => Int) seed!: number;
  @Field(() => Int, { nullable: true }) epochs!: number | null;
  @Field() backendRequested!: string;
  @Field(() => String, { nullable: true }) backendUsed!: string | null;
  @Field(() => String, { nullable: true }) device!: string | null;
  @Field({ description: 'QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED' }) status!: string;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) epochsDone!: number;
  @Field(() => Float) progress!: number;
  @Field(() => Float, { nullable: true }) wallTimeMs!: number | null;
  @Field(() => Float, { nullable: true }) cpuTimeMs!: number | null;
  @Field(() => MoneyType, { nullable: true }) cost!: MoneyType | null;
  @Field(() => String, { nullable: true, description: 'Final test metrics as a JSON object' }) testMetricsJson!: string | null;
  @Field(() => String, { nullable: true, description: 'Model spec as JSON' }) specJson!: string | null;
  @Field(() => String, { nullable: true, description: 'Parameters of an external run as JSON' }) paramsJson!: string | null;
  @Field() external!: boolean;
  @Field(() => [String]) tags!: string[];
  @Field(() => ID, { nullable: true }) modelVersionId!: string | null;
  @Field() createdAt!: string;
  @Field(() => String, { nullable: true }) startedAt!: string | null;
  @Field(() => String, { nullable: true }) finishedAt!: string | null;
}

@ObjectType('TrainingRunPage')
export class TrainingRunPageType {
  @Field(() => [TrainingRunType]) items!: TrainingRunType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('ModelVersion')
export class ModelVersionType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID) runId!: string;
  @Field(() => ID, { nullable: true }) datasetVersionId!: string | null;
  @Field(() => String, { nullable: true }) specHash!: string | null;
  @Field(() => [String], { description: 'champion, challenger, production… pointing at this version' }) aliases!: string[];
  @Field(() => String, { nullable: true, description: 'Test metrics as a JSON object' }) testMetricsJson!: string | null;
  @Field(() => String, { nullable: true, description: 'Expected input columns as JSON' }) inputSchemaJson!: string | null;
  @Field(() => String, { nullable: true, description: 'Run, dataset version and project behind the version, as JSON; only on modelVersion' }) lineageJson!: string | null;
  @Field() createdAt!: string;
}

@ObjectType('ModelVersionPage')
export class ModelVersionPageType {
  @Field(() => [ModelVersionType]) items!: ModelVersionType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('RiskHistoryEntry')
export class RiskHistoryType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) from!: string | null;
  @Field() to!: string;
  @Field(() => String, { nullable: true }) actorName!: string | null;
  @Field() note!: string;
  @Field() at!: string;
}

@ObjectType('Risk')
export class RiskType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() projectName!: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field() category!: string;
  @Field(() => Int) likelihood!: number;
  @Field(() => Int) impact!: number;
  @Field(() => Int) score!: number;
  @Field() level!: string;
  @Field(() => String, { nullable: true }) response!: string | null;
  @Field(() => ID, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) ownerName!: string | null;
  @Field(() => String, { nullable: true }) reviewDate!: string | null;
  @Field(() => Int) residualScore!: number;
  @Field() residualLevel!: string;
  @Field() status!: string;
  @Field({ description: 'MANUAL or the platform signal that raised it' }) source!: string;
  @Field(() => ID, { nullable: true }) fairnessAuditId!: string | null;
  @Field(() => ID, { nullable: true }) modelVersionId!: string | null;
  @Field() reviewOverdue!: boolean;
  @Field(() => [String]) allowedTransitions!: string[];
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
  @Field(() => [RiskHistoryType], { nullable: true, description: 'Status changes; only on risk' }) history!: RiskHistoryType[] | null;
}

@ObjectType('RiskList')
export class RiskListType {
  @Field(() => [RiskType], { description: 'Most severe first' }) items!: RiskType[];
  @Field(() => Int) overdueCount!: number;
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('FairnessAuditSummary')
export class FairnessAuditSummaryType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() projectName!: string;
  @Field(() => ID, { nullable: true }) modelVersionId!: string | null;
  @Field({ description: 'QUEUED, RUNNING, SUCCEEDED or FAILED' }) status!: string;
  @Field(() => String, { nullable: true, description: 'PASS, WARN or FAIL once finished' }) verdict!: string | null;
  @Field() fileName!: string;
  @Field(() => Int, { nullable: true }) rows!: number | null;
  @Field(() => [String]) sensitive!: string[];
  @Field(() => ID, { nullable: true }) riskId!: string | null;
  @Field(() => String, { nullable: true }) reviewDecision!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() createdAt!: string;
  @Field(() => String, { nullable: true }) completedAt!: string | null;
}

@ObjectType('FairnessAuditPage')
export class FairnessAuditPageType {
  @Field(() => [FairnessAuditSummaryType]) items!: FairnessAuditSummaryType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

/** The paged list services answer { items, nextCursor }; read the cursor whether or not a service pages yet. */
const cursorOf = (page: object): string | null => (page as { nextCursor?: string | null }).nextCursor ?? null;

function runType(r: RunView): TrainingRunType {
  return { ...r, testMetricsJson: json(r.testMetrics), specJson: json(r.spec), paramsJson: json(r.params) };
}
function modelType(m: ModelVersionView, lineage?: unknown): ModelVersionType {
  return { ...m, testMetricsJson: json(m.testMetrics), inputSchemaJson: json(m.inputSchema), lineageJson: lineage === undefined ? null : json(lineage) };
}
function riskType(r: RiskView | RiskDetailView): RiskType {
  return {
    ...r,
    reviewOverdue: r.overdue !== null,
    history: 'history' in r ? r.history.map((x) => ({ id: x.id, from: x.from, to: x.to, actorName: x.actorName, note: x.note, at: x.at })) : null,
  };
}
function auditType(a: FairnessAuditSummaryView): FairnessAuditSummaryType {
  return { ...a, verdict: a.verdict ?? null, fileName: a.source.fileName, rows: a.source.rows, reviewDecision: a.review?.decision ?? null, error: a.error?.message ?? null };
}

@Resolver()
export class PlatformResolver {
  constructor(
    private readonly runs: RunsService,
    private readonly models: ModelsService,
    private readonly riskService: RisksService,
    private readonly audits: FairnessAuditsService,
  ) {}

  // ---- training runs ----
  @Query(() => TrainingRunPageType, { description: 'Training runs, newest first; filter by project and status' })
  @OrgRole('VIEWER')
  async trainingRuns(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined,
    @Args('status', { type: () => String, nullable: true, description: 'QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED' }) status: string | undefined,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | undefined,
    @Args('cursor', { type: () => String, nullable: true }) cursor: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<TrainingRunPageType> {
    if (projectId !== undefined && projectId !== null) new ZodPipe(ZGqlId, 'projectId').transform(projectId);
    const q = new ZodPipe(ZRunListQuery, 'args').transform(args({ projectId, status, limit, cursor }));
    const page = await this.runs.list(org, q);
    return { items: page.items.map(runType), nextCursor: page.nextCursor };
  }

  @Query(() => TrainingRunType)
  @OrgRole('VIEWER')
  async trainingRun(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<TrainingRunType> {
    return runType(await this.runs.get(org, id));
  }

  @Mutation(() => TrainingRunType, { description: 'Cancel a queued or running run' })
  @OrgRole('MEMBER')
  async cancelTrainingRun(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<TrainingRunType> {
    return runType(await this.runs.cancel(org, id));
  }

  // ---- model registry ----
  @Query(() => ModelVersionPageType, { description: 'Model versions in the registry, newest first' })
  @OrgRole('VIEWER')
  async modelVersions(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | undefined,
    @Args('cursor', { type: () => String, nullable: true }) cursor: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<ModelVersionPageType> {
    const q = new ZodPipe(ZPageArgs, 'args').transform(args({ projectId, limit, cursor }));
    const page = await this.models.list(org, q);
    return { items: page.items.map((m) => modelType(m)), nextCursor: page.nextCursor };
  }

  @Query(() => ModelVersionType)
  @OrgRole('VIEWER')
  async modelVersion(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<ModelVersionType> {
    const { lineage, ...m } = await this.models.get(org, id);
    return modelType(m, lineage);
  }

  // ---- risk register ----
  @Query(() => RiskListType, { description: 'The risk register, most severe first (closed risks only on request)' })
  @OrgRole('VIEWER')
  async risks(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined,
    @Args('status', { type: () => String, nullable: true }) status: string | undefined,
    @Args('category', { type: () => String, nullable: true }) category: string | undefined,
    @Args('level', { type: () => String, nullable: true }) level: string | undefined,
    @Args('includeClosed', { type: () => Boolean, nullable: true }) includeClosed: boolean | undefined,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | undefined,
    @Args('cursor', { type: () => String, nullable: true }) cursor: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<RiskListType> {
    // The REST query takes its flags and numbers as strings ("true", "20"); same schema, same rules.
    const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    const q = new ZodPipe(ZRiskListQuery, 'args').transform(args({ projectId, status, category, level, includeClosed: str(includeClosed), limit: str(limit), cursor }));
    const list = await this.riskService.list(org, q);
    return { items: list.items.map(riskType), overdueCount: list.overdueCount, nextCursor: cursorOf(list) };
  }

  @Query(() => RiskType)
  @OrgRole('VIEWER')
  async risk(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<RiskType> {
    return riskType(await this.riskService.get(org, id));
  }

  // ---- fairness audits ----
  @Query(() => FairnessAuditPageType, { description: 'Fairness audits, newest first, with their verdicts' })
  @OrgRole('VIEWER')
  async fairnessAudits(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | undefined,
    @Args('cursor', { type: () => String, nullable: true }) cursor: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<FairnessAuditPageType> {
    const q = new ZodPipe(ZPageArgs, 'args').transform(args({ projectId, limit, cursor }));
    const page = await this.audits.list(org, q as Parameters<FairnessAuditsService['list']>[1]);
    return { items: page.items.map(auditType), nextCursor: cursorOf(page) };
  }

  @Query(() => FairnessAuditSummaryType)
  @OrgRole('VIEWER')
  async fairnessAudit(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<FairnessAuditSummaryType> {
    return auditType(await this.audits.get(org, id));
  }
}
