import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { type Prisma, type PrismaClient } from '@meridian/db';
import {
  DEFAULT_TRIGGER_COOLDOWN_MINUTES,
  JobName,
  JobPayloadSchemas,
  lttb,
  parseTriggerConfig,
  type CreateRetrainTriggerInput,
  type MetricObservationQuery,
  type MetricObservationsInput,
  type MetricObservationsResult,
  type MetricThresholdTriggerConfig,
  type ModelMetricSeriesView,
  type RetrainTriggerCheckView,
  type RetrainTriggerKind,
  type RetrainTriggerListQuery,
  type RetrainTriggerView,
  type TriggerEvaluation,
  type UpdateRetrainTriggerInput,
} from '@meridian/domain';
import { computeDatasetDrift, coolsDownAt, DRIFT_CHECK_RETRY, RetrainingLauncher, RetrainTriggerEngine, type SatisfactionSignalLike } from '@meridian/jobs';
import type { JobQueue } from '@meridian/queue';
import { ARTIFACT_STORE } from '../../artifacts/artifacts.module';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../../common/context';
import { isUniqueViolation, Transactions } from '../../common/prisma';
import { InjectPrisma, InjectQueue } from '../../common/tokens';
import { DatasetsService, type DatasetVersionCreatedEvent } from '../../datasets/datasets.service';
import { FeedbackService } from '../../feedback/feedback.service';
import { PlatformRisks } from '../../platform-risks/platform-risks';
import { newId, RetrainTriggersRepository, type CheckRow, type TriggerRow } from './retraining-triggers.repository';

/** Kinds whose evidence stays true over time need a cooldown, or every report would launch again. */
const NEEDS_COOLDOWN: ReadonlySet<RetrainTriggerKind> = new Set(['METRIC_THRESHOLD', 'SATISFACTION']);
const FUTURE_SKEW_MS = 5 * 60_000;

export function triggerView(t: TriggerRow, counts?: { total: number; fired: number }): RetrainTriggerView {
  return {
    id: t.id,
    organizationId: t.organizationId,
    projectId: t.projectId,
    name: t.name,
    kind: t.kind,
    enabled: t.enabled,
    config: (t.config ?? {}) as Record<string, unknown>,
    cooldownMinutes: t.cooldownMinutes,
    lastFiredAt: t.lastFiredAt?.toISOString() ?? null,
    coolsDownAt: coolsDownAt(t)?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    checks: counts ?? { total: 0, fired: 0 },
  };
}

export function checkView(c: CheckRow): RetrainTriggerCheckView {
  return {
    id: c.id,
    triggerId: c.triggerId,
    evidenceKey: c.evidenceKey,
    outcome: c.outcome as RetrainTriggerCheckView['outcome'],
    message: c.message,
    score: c.score,
    threshold: c.threshold,
    detail: c.detail ?? null,
    launchStatus: (c.launchStatus as RetrainTriggerCheckView['launchStatus']) ?? null,
    retrainEventId: c.retrainEventId,
    runId: c.runId,
    riskId: c.riskId,
    createdAt: c.createdAt.toISOString(),
  };
}

@Injectable()
export class RetrainTriggersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RetrainTriggers');
  readonly engine: RetrainTriggerEngine;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly repo: RetrainTriggersRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly datasets: DatasetsService,
    private readonly feedback: FeedbackService,
    platformRisks: PlatformRisks,
    launcher: RetrainingLauncher,
    @InjectPrisma() private readonly prisma: PrismaClient,
    @InjectQueue() private readonly queue: JobQueue,
    @Inject(ARTIFACT_STORE) private readonly artifacts: ArtifactStore,
  ) {
    const log = { warn: (m: string, meta?: object) => this.logger.warn(`${m} ${meta ? JSON.stringify(meta) : ''}`) };
    // The launcher is sched's RetrainingModule provider. Metric drops go through PlatformRisks, the API's one dedupe rule for platform-raised risks.
    this.engine = new RetrainTriggerEngine(prisma, launcher, (org, drafts) => platformRisks.raise(org, drafts), log);
  }

  onModuleInit(): void {
    this.unsubscribe.push(this.datasets.onVersionCreated((e) => this.onDatasetVersion(e)));
    // Closing the loop of issue 6: satisfaction signals found by the feedback service's risk checks.
    // A check of a past day (asOf) raises risks for the record but is no reason to retrain now.
    this.unsubscribe.push(
      this.feedback.onSignals((e) => (e.asOf === new Date().toISOString().slice(0, 10) ? this.onSatisfactionSignals(e.organizationId, e.projectId, e.signals) : undefined)),
    );
  }

  onModuleDestroy(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  // ---- evidence from other modules

  /** A new dataset version: DATASET_VERSION triggers launch now; DRIFT triggers get a drift check in the worker. */
  async onDatasetVersion(e: DatasetVersionCreatedEvent): Promise<void> {
    // The two kinds are independent: a failure launching one must not cost the other its evidence.
    await this.engine.onDatasetVersion(e).catch((err: unknown) => this.logger.error(`dataset version triggers failed for ${e.datasetVersionId}: ${(err as Error).message}`));
    for (const t of await this.engine.driftTriggersFor(e.projectId, e.datasetId)) {
      const jobId = newId();
      const payload = JobPayloadSchemas[JobName.RetrainingDriftCheck].parse({ jobRecordId: jobId, organizationId: e.organizationId, triggerId: t.id, datasetVersionId: e.datasetVersionId });
      await this.repo.createJobRecord({ id: jobId, organizationId: e.organizationId, name: JobName.RetrainingDriftCheck, payload, createdById: null });
      try {
        await this.queue.add(JobName.RetrainingDriftCheck, payload, { jobId, ...DRIFT_CHECK_RETRY });
      } catch (err) {
        this.logger.error(`could not queue ${JobName.RetrainingDriftCheck} for trigger ${t.id}: ${(err as Error).message}`);
        await this.repo.failJobRecord(jobId, `The drift check could not be queued (${(err as Error).message}); use "evaluate now" on the trigger.`);
      }
    }
  }

  async onSatisfactionSignals(organizationId: string, projectId: string, signals: readonly SatisfactionSignalLike[]): Promise<void> {
    if (!signals.length) return;
    await this.engine.onSatisfactionSignals(organizationId, projectId, signals);
  }

  // ---- CRUD

  private configOrThrow(kind: RetrainTriggerKind, raw: unknown) {
    const p = parseTriggerConfig(kind, raw);
    if (!p.ok) {
      const first = p.issues[0];
      throw new AppError('UNPROCESSABLE', `The ${kind} trigger's config does not fit: ${first.path}: ${first.message}${p.issues.length > 1 ? ` (and ${p.issues.length - 1} more)` : ''}`, p.issues);
    }
    return p.config as Record<string, unknown>;
  }

  private async checkReferences(org: OrgAccess, projectId: string, config: Record<string, unknown>): Promise<void> {
    const datasetId = config.datasetId as string | null | undefined;
    if (datasetId && !(await this.repo.dataset(org.organizationId, projectId, datasetId))) {
      throw new AppError('UNPROCESSABLE', `config.datasetId: dataset ${datasetId} is not in this project`, [{ path: 'config.datasetId', message: 'is not a dataset of this project' }]);
    }
  }

  private cooldownOrThrow(kind: RetrainTriggerKind, minutes: number): number {
    if (NEEDS_COOLDOWN.has(kind) && minutes < 1) {
      throw new AppError('UNPROCESSABLE', `cooldownMinutes: a ${kind} trigger needs a cooldown of at least 1 minute (its condition stays true while the new model trains)`, [
        { path: 'cooldownMinutes', message: 'must be at least 1 for this kind', expected: '>= 1' },
      ]);
    }
    return minutes;
  }

  async list(org: OrgAccess, q: RetrainTriggerListQuery): Promise<RetrainTriggerView[]> {
    if (q.projectId && !(await this.repo.projectExists(org.organizationId, q.projectId))) throw AppError.notFound('project');
    const rows = await this.repo.list(org.organizationId, q);
    const counts = await this.repo.checkCounts(rows.map((r) => r.id));
    return rows.map((r) => triggerView(r, counts.get(r.id)));
  }

  private async row(org: OrgAccess, id: string): Promise<TriggerRow> {
    const t = await this.repo.find(org.organizationId, id);
    if (!t) throw AppError.notFound('retraining trigger');
    return t;
  }

  async get(org: OrgAccess, id: string): Promise<RetrainTriggerView> {
    const t = await this.row(org, id);
    return triggerView(t, (await this.repo.checkCounts([t.id])).get(t.id));
  }

  async create(actor: Actor, org: OrgAccess, input: CreateRetrainTriggerInput): Promise<RetrainTriggerView> {
    if (!(await this.repo.projectExists(org.organizationId, input.projectId))) throw AppError.notFound('project');
    const config = this.configOrThrow(input.kind, input.config);
    await this.checkReferences(org, input.projectId, config);
    const cooldownMinutes = this.cooldownOrThrow(input.kind, input.cooldownMinutes ?? DEFAULT_TRIGGER_COOLDOWN_MINUTES[input.kind]);
    try {
      const t = await this.tx.run(async (tx) => {
        const created = await this.repo.create(
          { id: newId(), organizationId: org.organizationId, projectId: input.projectId, name: input.name, kind: input.kind, enabled: input.enabled, config: config as Prisma.InputJsonValue, cooldownMinutes, createdById: actorUserId(org.principal) },
          tx,
        );
        await this.audit.record(actor, { action: 'retrain_trigger.create', organizationIds: [org.organizationId], targetType: 'retrain_trigger', targetId: created.id, metadata: { projectId: input.projectId, name: input.name, kind: input.kind, enabled: input.enabled, cooldownMinutes, config } }, tx);
        return created;
      });
      return triggerView(t);
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict(`A trigger named "${input.name}" already exists in this project; pick another name`);
      throw e;
    }
  }

  async update(actor: Actor, org: OrgAccess, id: string, input: UpdateRetrainTriggerInput): Promise<RetrainTriggerView> {
    const before = await this.row(org, id);
    const data: Prisma.RetrainTriggerUncheckedUpdateInput = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== before.name) {
      data.name = input.name;
      changes.name = { from: before.name, to: input.name };
    }
    if (input.enabled !== undefined && input.enabled !== before.enabled) {
      data.enabled = input.enabled;
      changes.enabled = { from: before.enabled, to: input.enabled };
    }
    if (input.cooldownMinutes !== undefined && input.cooldownMinutes !== before.cooldownMinutes) {
      data.cooldownMinutes = this.cooldownOrThrow(before.kind, input.cooldownMinutes);
      changes.cooldownMinutes = { from: before.cooldownMinutes, to: input.cooldownMinutes };
    }
    if (input.config !== undefined) {
      const config = this.configOrThrow(before.kind, input.config);
      await this.checkReferences(org, before.projectId, config);
      if (JSON.stringify(config) !== JSON.stringify(before.config)) {
        data.config = config as Prisma.InputJsonValue;
        changes.config = { from: before.config, to: config };
      }
    }
    if (Object.keys(changes).length === 0) return this.get(org, id);
    try {
      await this.tx.run(async (tx) => {
        await this.repo.update(id, data, tx);
        await this.audit.record(actor, { action: 'retrain_trigger.update', organizationIds: [org.organizationId], targetType: 'retrain_trigger', targetId: id, metadata: { projectId: before.projectId, changes } }, tx);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict(`A trigger named "${input.name}" already exists in this project; pick another name`);
      throw e;
    }
    return this.get(org, id);
  }

  async delete(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    const t = await this.row(org, id);
    await this.tx.run(async (tx) => {
      await this.repo.delete(t.id, tx);
      await this.audit.record(actor, { action: 'retrain_trigger.delete', organizationIds: [org.organizationId], targetType: 'retrain_trigger', targetId: t.id, metadata: { projectId: t.projectId, name: t.name, kind: t.kind } }, tx);
    });
  }

  async checks(org: OrgAccess, id: string, limit: number): Promise<RetrainTriggerCheckView[]> {
    const t = await this.row(org, id);
    return (await this.repo.checks(t.id, limit)).map(checkView);
  }

  // ---- evaluate now (a dry run: nothing is recorded or launched)

  async evaluate(org: OrgAccess, id: string): Promise<TriggerEvaluation> {
    const t = await this.row(org, id);
    const withState = (e: TriggerEvaluation): TriggerEvaluation => (t.enabled ? e : { ...e, canFire: false, message: `${e.message} (The trigger is disabled: enable it to act.)` });
    switch (t.kind) {
      case 'METRIC_THRESHOLD':
        return withState(await this.engine.evaluateMetric(t, { fire: false }));
      case 'SATISFACTION': {
        const signals = await this.feedback.detectRisks(t.organizationId, t.projectId);
        return withState(await this.engine.evaluateSatisfaction(t, signals, { fire: false }));
      }
      case 'DRIFT': {
        const cfg = this.engine.config(t as TriggerRow & { kind: 'DRIFT' });
        const followed = await this.engine.followedDataset(t.projectId, cfg.datasetId);
        const latest = await this.repo.latestVersion(org.organizationId, followed.datasetId ? [followed.datasetId] : null, t.projectId, true);
        if (!latest) {
          return withState({ triggerId: t.id, kind: 'DRIFT', wouldFire: false, canFire: false, score: null, threshold: cfg.threshold, message: `No profiled version of ${followed.why} to compare yet.`, detail: { follows: followed.why }, launch: null });
        }
        const e = await this.engine.evaluateDrift(t, latest.id, (b, c, config) => computeDatasetDrift(this.prisma, this.artifacts, org.organizationId, b, c, config), { fire: false });
        return withState({ ...e, message: `Latest version ${latest.version} of "${latest.dataset.name}": ${e.message}`, detail: { ...e.detail, follows: followed.why } });
      }
      case 'DATASET_VERSION': {
        const cfg = this.engine.config(t as TriggerRow & { kind: 'DATASET_VERSION' });
        const followed = await this.engine.followedDataset(t.projectId, cfg.datasetId);
        const latest = await this.repo.latestVersion(org.organizationId, followed.datasetId ? [followed.datasetId] : null, t.projectId, false);
        const judged = latest ? await this.repo.check(t.id, `dv:${latest.id}`) : null;
        const cool = coolsDownAt(t);
        const next = `The next new version of ${followed.why} will launch retraining on it${cool ? ` (after the cooldown ends at ${cool.toISOString()})` : ''}.`;
        const last = latest ? ` The latest version is ${latest.version} of "${latest.dataset.name}" (${latest.createdAt.toISOString()})${judged ? `: ${judged.message}` : ', uploaded before this trigger watched it'}.` : ' No version uploaded yet.';
        return withState({
          triggerId: t.id,
          kind: 'DATASET_VERSION',
          wouldFire: false,
          canFire: t.enabled && !cool,
          score: null,
          threshold: null,
          message: next + last,
          detail: { follows: followed.why, datasetId: followed.datasetId, latestDatasetVersionId: latest?.id ?? null, latestCheckId: judged?.id ?? null },
          launch: null,
        });
      }
    }
  }

  // ---- production metrics

  async reportObservations(org: OrgAccess, modelVersionId: string, input: MetricObservationsInput): Promise<MetricObservationsResult> {
    const mv = await this.repo.modelVersion(org.organizationId, modelVersionId);
    if (!mv) throw AppError.notFound('model version');
    const now = Date.now();
    const issues: Array<{ path: string; message: string }> = [];
    const rows = input.observations.map((o, i) => {
      const at = o.observedAt ? new Date(o.observedAt) : new Date(now);
      if (at.getTime() > now + FUTURE_SKEW_MS && issues.length < 20) issues.push({ path: `observations.${i}.observedAt`, message: `is in the future (${at.toISOString()}); send the time the metric was measured` });
      return { organizationId: org.organizationId, projectId: mv.projectId, modelVersionId: mv.id, metric: o.metric, value: o.value, observedAt: at };
    });
    if (issues.length) throw new AppError('UNPROCESSABLE', `Invalid observations: ${issues[0].path} ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}; nothing was stored`, issues);
    const accepted = await this.repo.insertObservations(rows);
    const production = mv.aliases.some((a) => a.alias === 'production');
    const evaluations = production ? await this.engine.onMetricObservations(mv.projectId, mv.id) : [];
    return { accepted, duplicates: rows.length - accepted, production, evaluations };
  }

  async series(org: OrgAccess, modelVersionId: string, q: MetricObservationQuery): Promise<ModelMetricSeriesView> {
    const mv = await this.repo.modelVersion(org.organizationId, modelVersionId);
    if (!mv) throw AppError.notFound('model version');
    const rows = await this.repo.observations(mv.id, { metric: q.metric, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
    const by = new Map<string, Array<{ step: number; value: number }>>();
    for (const r of rows) {
      const list = by.get(r.metric) ?? [];
      list.push({ step: r.observedAt.getTime(), value: r.value });
      by.set(r.metric, list);
    }
    const thresholds = (await this.repo.metricTriggers(mv.projectId)).flatMap((t) => {
      const p = parseTriggerConfig('METRIC_THRESHOLD', t.config);
      if (!p.ok) return [];
      const c = p.config as MetricThresholdTriggerConfig;
      return [{ triggerId: t.id, name: t.name, metric: c.metric, direction: c.direction, threshold: c.threshold }];
    });
    return {
      modelVersionId: mv.id,
      projectId: mv.projectId,
      aliases: mv.aliases.map((a) => a.alias).sort(),
      series: [...by.entries()].map(([metric, pts]) => ({ metric, count: pts.length, points: lttb(pts, q.points).map((p) => ({ t: new Date(p.step).toISOString(), v: p.value })) })),
      thresholds,
    };
  }
}
