// Retraining triggers: judges evidence (a new dataset version, production metrics, a drift report, a
// satisfaction signal) against a project's enabled triggers, and launches retraining through the
// RetrainingLauncher. Shared by the API (dataset uploads, metric reports, feedback signals) and the
// worker (retraining.drift-check), so both decide by the same rules.
//
// One piece of evidence starts one run: every judgement is a RetrainTriggerCheck row, unique per
// (trigger, evidence key), and every launch carries a dedupe key the launcher refuses twice. Evidence
// that stays true over time (a metric under its threshold, a satisfaction drop) is limited by the
// trigger's cooldown, claimed with one conditional UPDATE so concurrent reports fire at most once.
import { newId, Prisma, type PrismaClient } from '@meridian/db';
import {
  parseTriggerConfig,
  type DriftTriggerConfig,
  type MetricThresholdTriggerConfig,
  type RetrainCause,
  type RetrainTriggerKind,
  type SatisfactionTriggerConfig,
  type TriggerCheckOutcome,
  type TriggerEvaluation,
} from '@meridian/domain';
import { riskFromModelMonitoring, type RiskDraft } from '@meridian/risk';
import type { LaunchRequest, LaunchResult } from '../retraining/launcher';
import type { DriftThreadResult } from './drift-thread';
import { insertPlatformRisk } from '../platform-risks';

/** The launcher's one method (RetrainingLauncher satisfies it). */
export interface TriggerLauncher {
  launch(req: LaunchRequest): Promise<LaunchResult>;
}

/** Raises platform risks once per open dedupe key (the API passes PlatformRisks.raise; the worker raisePlatformRisks). */
export type RiskSink = (organizationId: string, drafts: readonly RiskDraft[]) => Promise<Array<{ id: string; dedupeKey: string }>>;

export interface TriggerLogger {
  warn(msg: string, meta?: object): void;
}

/** The model a trigger watches: the one in production, else the champion. */
export interface BaselineModel {
  modelVersionId: string;
  version: number;
  alias: 'production' | 'champion';
  datasetVersionId: string | null;
  datasetId: string | null;
  testMetrics: Record<string, unknown> | null;
}

export interface SatisfactionSignalLike {
  kind: 'NPS_DROP' | 'NEGATIVE_SHARE';
  severity: 'MEDIUM' | 'HIGH';
  message: string;
  dedupeKey: string;
  value: number;
  threshold: number;
}

type TriggerRow = Prisma.RetrainTriggerGetPayload<object>;

const MIN = 60_000;

export function triggerUrl(organizationId: string, triggerId: string): string {
  return `/orgs/${organizationId}/retraining/triggers/${triggerId}`;
}

/** When the trigger may fire again (null: now). */
export function coolsDownAt(t: { lastFiredAt: Date | null; cooldownMinutes: number }, now = new Date()): Date | null {
  if (!t.lastFiredAt || t.cooldownMinutes <= 0) return null;
  const at = new Date(t.lastFiredAt.getTime() + t.cooldownMinutes * MIN);
  return at > now ? at : null;
}

function launchView(r: LaunchResult): NonNullable<TriggerEvaluation['launch']> {
  return {
    status: r.status,
    eventId: r.eventId,
    runId: r.status === 'STARTED' ? r.runId : null,
    reason: r.status === 'SKIPPED' || r.status === 'FAILED' ? r.reason : r.status === 'DUPLICATE' ? `duplicate of event ${r.duplicateOfId}` : null,
  };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

export class RetrainTriggerEngine {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly launcher: TriggerLauncher,
    private readonly raiseRisks: RiskSink,
    private readonly logger?: TriggerLogger,
  ) {}

  // ---- shared pieces

  async baseline(projectId: string): Promise<BaselineModel | null> {
    const aliases = await this.prisma.modelAlias.findMany({
      where: { projectId, alias: { in: ['production', 'champion'] } },
      select: { alias: true, modelVersion: { select: { id: true, version: true, datasetVersionId: true, testMetrics: true, datasetVersion: { select: { datasetId: true } } } } },
    });
    const a = aliases.find((x) => x.alias === 'production') ?? aliases.find((x) => x.alias === 'champion');
    if (!a) return null;
    return {
      modelVersionId: a.modelVersion.id,
      version: a.modelVersion.version,
      alias: a.alias as 'production' | 'champion',
      datasetVersionId: a.modelVersion.datasetVersionId,
      datasetId: a.modelVersion.datasetVersion?.datasetId ?? null,
      testMetrics: (a.modelVersion.testMetrics as Record<string, unknown> | null) ?? null,
    };
  }

  enabledTriggers(projectId: string, kind: RetrainTriggerKind): Promise<TriggerRow[]> {
    return this.prisma.retrainTrigger.findMany({ where: { projectId, kind, enabled: true }, orderBy: { createdAt: 'asc' } });
  }

  config<K extends RetrainTriggerKind>(t: TriggerRow & { kind: K }) {
    const p = parseTriggerConfig(t.kind, t.config);
    // Stored configs were validated on write; a schema change that makes one invalid must say so, not guess.
    if (!p.ok) throw new Error(`trigger ${t.id} has an invalid stored config: ${p.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    return p.config;
  }

  /**
   * Which dataset a trigger follows: its own datasetId, else the dataset the production (else
   * champion) model was trained on; null = any dataset of the project (no model yet).
   */
  async followedDataset(projectId: string, configDatasetId: string | null): Promise<{ datasetId: string | null; why: string }> {
    if (configDatasetId) return { datasetId: configDatasetId, why: 'the dataset named in the trigger' };
    const b = await this.baseline(projectId);
    if (b?.datasetId) return { datasetId: b.datasetId, why: `the dataset the ${b.alias} model (version ${b.version}) was trained on` };
    return { datasetId: null, why: 'any dataset of the project (no production or champion model yet)' };
  }

  /** Atomically takes the cooldown: true for exactly one caller per cooldown period. */
  async claimFire(t: { id: string; cooldownMinutes: number }, now = new Date()): Promise<boolean> {
    const cutoff = new Date(now.getTime() - t.cooldownMinutes * MIN);
    const { count } = await this.prisma.retrainTrigger.updateMany({
      where: { id: t.id, enabled: true, OR: [{ lastFiredAt: null }, { lastFiredAt: { lte: cutoff } }] },
      data: { lastFiredAt: now },
    });
    return count === 1;
  }

  /** Inserts the judgement of one piece of evidence; null when this trigger already judged it. */
  private async openCheck(t: TriggerRow, evidenceKey: string, data: { outcome: TriggerCheckOutcome; message: string; score?: number | null; threshold?: number | null; detail?: unknown }): Promise<string | null> {
    const id = newId();
    try {
      await this.prisma.retrainTriggerCheck.create({
        data: {
          id,
          organizationId: t.organizationId,
          triggerId: t.id,
          evidenceKey,
          outcome: data.outcome,
          message: data.message.slice(0, 2000),
          score: data.score ?? null,
          threshold: data.threshold ?? null,
          detail: data.detail === undefined ? Prisma.DbNull : (data.detail as Prisma.InputJsonValue),
        },
      });
      return id;
    } catch (e) {
      if ((e as { code?: string }).code === 'P2002') return null;
      throw e;
    }
  }

  private async closeCheck(id: string, data: { outcome?: TriggerCheckOutcome; message?: string; launch?: LaunchResult | null; riskId?: string | null }): Promise<void> {
    await this.prisma.retrainTriggerCheck.update({
      where: { id },
      data: {
        ...(data.outcome ? { outcome: data.outcome } : {}),
        ...(data.message !== undefined ? { message: data.message.slice(0, 2000) } : {}),
        ...(data.launch ? { launchStatus: data.launch.status, retrainEventId: data.launch.eventId, runId: data.launch.status === 'STARTED' ? data.launch.runId : null } : {}),
        ...(data.riskId !== undefined ? { riskId: data.riskId } : {}),
      },
    });
  }

  /** Launches and records the result on the check; a launcher exception becomes a FAILED check, not a lost one. */
  private async launchFor(checkId: string, req: LaunchRequest, firedMessage: string): Promise<LaunchResult | null> {
    try {
      const r = await this.launcher.launch(req);
      const tail = r.status === 'STARTED' ? `run ${r.runId} started` : r.status === 'DUPLICATE' ? `already launched (event ${r.duplicateOfId})` : r.reason;
      await this.closeCheck(checkId, { launch: r, message: `${firedMessage} → ${tail}` });
      return r;
    } catch (e) {
      const msg = `${firedMessage} → the launch failed: ${(e as Error).message}`;
      this.logger?.warn('retraining trigger: launch failed', { checkId, error: (e as Error).message });
      await this.closeCheck(checkId, { outcome: 'FAILED', message: msg });
      return null;
    }
  }

  /** Raises the risk and links it to the check (the open risk with the same key when one exists). */
  private async riskFor(checkId: string, organizationId: string, draft: RiskDraft | null): Promise<string | null> {
    if (!draft) return null;
    try {
      const raised = await this.raiseRisks(organizationId, [draft]);
      const id =
        raised[0]?.id ??
        (await this.prisma.risk.findFirst({ where: { organizationId, projectId: draft.projectId, dedupeKey: draft.dedupeKey, status: { not: 'CLOSED' } }, select: { id: true } }))?.id ??
        null;
      if (id) await this.closeCheck(checkId, { riskId: id });
      return id;
    } catch (e) {
      // The retraining decision stands even if the register is unavailable; say so in the log.
      this.logger?.warn('retraining trigger: could not raise the risk', { checkId, error: (e as Error).message });
      return null;
    }
  }

  // ---- DATASET_VERSION

  /** A new dataset version: every enabled DATASET_VERSION trigger following its dataset launches retraining on it. */
  async onDatasetVersion(e: { organizationId: string; projectId: string; datasetId: string; datasetVersionId: string; version: number }): Promise<TriggerEvaluation[]> {
    const out: TriggerEvaluation[] = [];
    for (const t of await this.enabledTriggers(e.projectId, 'DATASET_VERSION')) {
      const cfg = this.config(t as TriggerRow & { kind: 'DATASET_VERSION' });
      const followed = await this.followedDataset(e.projectId, cfg.datasetId);
      // Versions of other datasets are not evidence for this trigger: nothing to record.
      if (followed.datasetId && followed.datasetId !== e.datasetId) continue;
      const detail = { datasetId: e.datasetId, datasetVersionId: e.datasetVersionId, version: e.version, follows: followed.why };
      const fired = `new version ${e.version} of ${followed.why}`;
      const checkId = await this.openCheck(t, `dv:${e.datasetVersionId}`, { outcome: 'FIRED', message: `${fired}: launching`, detail });
      if (!checkId) continue;
      if (!(await this.claimFire(t))) {
        const msg = `${fired}, but the trigger is cooling down until ${coolsDownAt(t)?.toISOString() ?? 'now'} (cooldown ${t.cooldownMinutes} min)`;
        await this.closeCheck(checkId, { outcome: 'SKIPPED', message: msg });
        out.push({ triggerId: t.id, kind: 'DATASET_VERSION', wouldFire: true, canFire: false, score: null, threshold: null, message: msg, detail, launch: null });
        continue;
      }
      const r = await this.launchFor(
        checkId,
        {
          organizationId: e.organizationId,
          projectId: e.projectId,
          cause: { kind: 'DATASET_VERSION', triggerId: t.id, datasetVersionId: e.datasetVersionId },
          datasetVersionId: e.datasetVersionId,
          dedupeKey: `trigger:${t.id}:dv:${e.datasetVersionId}`,
        },
        fired,
      );
      out.push({ triggerId: t.id, kind: 'DATASET_VERSION', wouldFire: true, canFire: true, score: null, threshold: null, message: fired, detail, launch: r ? launchView(r) : null });
    }
    return out;
  }

  /** DRIFT triggers that follow the new version's dataset (the API queues one retraining.drift-check per trigger). */
  async driftTriggersFor(projectId: string, datasetId: string): Promise<TriggerRow[]> {
    const out: TriggerRow[] = [];
    for (const t of await this.enabledTriggers(projectId, 'DRIFT')) {
      const cfg = this.config(t as TriggerRow & { kind: 'DRIFT' });
      const followed = await this.followedDataset(projectId, cfg.datasetId);
      if (!followed.datasetId || followed.datasetId === datasetId) out.push(t);
    }
    return out;
  }

  // ---- METRIC_THRESHOLD

  /** The windowed mean of a metric for a model version, as a trigger sees it. */
  async metricWindow(modelVersionId: string, cfg: MetricThresholdTriggerConfig, now = new Date()) {
    const since = new Date(now.getTime() - cfg.windowMinutes * MIN);
    const agg = await this.prisma.modelMetricObservation.aggregate({
      where: { modelVersionId, metric: cfg.metric, observedAt: { gt: since, lte: new Date(now.getTime() + 5 * MIN) } },
      _avg: { value: true },
      _count: { _all: true },
      _min: { observedAt: true },
      _max: { observedAt: true },
    });
    const n = agg._count._all;
    const mean = agg._avg.value;
    const crossed = n >= cfg.minObservations && mean !== null && (cfg.direction === 'BELOW' ? mean < cfg.threshold : mean > cfg.threshold);
    return { n, mean: mean === null ? null : round(mean), crossed, since: since.toISOString(), first: agg._min.observedAt?.toISOString() ?? null, last: agg._max.observedAt?.toISOString() ?? null };
  }

  /**
   * Judges a METRIC_THRESHOLD trigger on the production model's observations. With `fire`, a
   * crossing outside the cooldown launches retraining and raises a TECHNICAL risk (metric drop on a
   * production model, issue 5); without, it only says what would happen.
   */
  async evaluateMetric(t: TriggerRow, opts: { fire: boolean; now?: Date }): Promise<TriggerEvaluation> {
    const cfg = this.config(t as TriggerRow & { kind: 'METRIC_THRESHOLD' });
    const now = opts.now ?? new Date();
    const base = { triggerId: t.id, kind: 'METRIC_THRESHOLD' as const, threshold: cfg.threshold, launch: null };
    const prod = await this.prisma.modelAlias.findUnique({
      where: { projectId_alias: { projectId: t.projectId, alias: 'production' } },
      select: { modelVersion: { select: { id: true, version: true, testMetrics: true } } },
    });
    if (!prod) return { ...base, wouldFire: false, canFire: false, score: null, message: 'No model version holds the production alias: metric triggers watch the production model.', detail: {} };
    const mv = prod.modelVersion;
    const w = await this.metricWindow(mv.id, cfg, now);
    const cool = coolsDownAt(t, now);
    const canFire = t.enabled && !cool;
    const detail = { modelVersionId: mv.id, modelVersion: mv.version, metric: cfg.metric, direction: cfg.direction, windowMinutes: cfg.windowMinutes, observations: w.n, mean: w.mean, since: w.since, first: w.first, last: w.last };
    const cmp = cfg.direction === 'BELOW' ? 'under' : 'over';
    let message: string;
    if (w.n === 0) message = `No ${cfg.metric} observations for production model version ${mv.version} in the last ${cfg.windowMinutes} min.`;
    else if (w.n < cfg.minObservations) message = `${w.n} ${cfg.metric} observations in the last ${cfg.windowMinutes} min; the trigger judges from ${cfg.minObservations}.`;
    else if (w.crossed) message = `${cfg.metric} averaged ${w.mean} over ${w.n} observations in the last ${cfg.windowMinutes} min, ${cmp} the threshold ${cfg.threshold}.`;
    else message = `${cfg.metric} averaged ${w.mean} over ${w.n} observations in the last ${cfg.windowMinutes} min: not ${cmp} the threshold ${cfg.threshold}.`;
    if (w.crossed && !canFire) message += t.enabled ? ` Cooling down until ${cool!.toISOString()}.` : ' The trigger is disabled.';
    const evaluation: TriggerEvaluation = { ...base, wouldFire: w.crossed, canFire, score: w.mean, message, detail };
    if (!opts.fire || !w.crossed || !canFire) return evaluation;

    if (!(await this.claimFire(t, now))) return { ...evaluation, canFire: false, message: `${message} Another report fired this trigger a moment ago (cooldown ${t.cooldownMinutes} min).` };
    const key = `metric:${mv.id}:${now.getTime()}`;
    const checkId = await this.openCheck(t, key, { outcome: 'FIRED', message: `${message} Launching.`, score: w.mean, threshold: cfg.threshold, detail });
    if (!checkId) return evaluation;
    const r = await this.launchFor(
      checkId,
      {
        organizationId: t.organizationId,
        projectId: t.projectId,
        cause: { kind: 'METRIC_THRESHOLD', triggerId: t.id, modelVersionId: mv.id, metric: cfg.metric, value: w.mean!, threshold: cfg.threshold },
        dedupeKey: `trigger:${t.id}:${key}`,
      },
      message,
    );
    const riskId = await this.riskFor(checkId, t.organizationId, metricDropRisk(t, cfg, mv, w.mean!, checkId, now));
    return { ...evaluation, launch: r ? launchView(r) : null, detail: { ...detail, checkId, riskId } };
  }

  /** After a batch of observations: the project's METRIC_THRESHOLD triggers, when the version is in production. */
  async onMetricObservations(projectId: string, modelVersionId: string): Promise<TriggerEvaluation[]> {
    const prod = await this.prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId, alias: 'production' } }, select: { modelVersionId: true } });
    if (prod?.modelVersionId !== modelVersionId) return [];
    const out: TriggerEvaluation[] = [];
    for (const t of await this.enabledTriggers(projectId, 'METRIC_THRESHOLD')) out.push(await this.evaluateMetric(t, { fire: true }));
    return out;
  }

  // ---- DRIFT

  /**
   * Judges one DRIFT trigger on a new dataset version against the training dataset version of the
   * production (else champion) model. `compute` runs the data pipeline's drift in a worker thread.
   * With `fire`, the judgement is recorded once per (trigger, version) and launches when above the
   * threshold; without, it is a dry run for "evaluate now".
   */
  async evaluateDrift(
    t: TriggerRow,
    datasetVersionId: string,
    compute: (baselineDatasetVersionId: string, datasetVersionId: string, cfg: DriftTriggerConfig) => Promise<DriftThreadResult>,
    opts: { fire: boolean; retryable?: (e: unknown) => boolean },
  ): Promise<TriggerEvaluation> {
    const cfg = this.config(t as TriggerRow & { kind: 'DRIFT' });
    const evidenceKey = `drift:${datasetVersionId}`;
    const base = { triggerId: t.id, kind: 'DRIFT' as const, threshold: cfg.threshold, launch: null };
    if (opts.fire) {
      const done = await this.prisma.retrainTriggerCheck.findUnique({ where: { triggerId_evidenceKey: { triggerId: t.id, evidenceKey } } });
      if (done) return { ...base, wouldFire: done.outcome === 'FIRED', canFire: false, score: done.score, message: `Already judged: ${done.message}`, detail: { checkId: done.id } };
    }
    const record = async (outcome: TriggerCheckOutcome, message: string, score: number | null, detail: Record<string, unknown>) => {
      const ev: TriggerEvaluation = { ...base, wouldFire: outcome === 'FIRED', canFire: outcome === 'FIRED', score, message, detail };
      if (opts.fire && outcome !== 'FIRED') await this.openCheck(t, evidenceKey, { outcome, message, score, threshold: cfg.threshold, detail });
      return ev;
    };
    const dv = await this.prisma.datasetVersion.findFirst({ where: { id: datasetVersionId, organizationId: t.organizationId }, select: { id: true, version: true, datasetId: true, dataset: { select: { name: true } } } });
    if (!dv) return record('SKIPPED', `Dataset version ${datasetVersionId} no longer exists.`, null, { datasetVersionId });
    const b = await this.baseline(t.projectId);
    if (!b) return record('SKIPPED', 'No model holds the production or champion alias, so there is no training dataset to compare with.', null, { datasetVersionId });
    if (!b.datasetVersionId) return record('SKIPPED', `The ${b.alias} model (version ${b.version}) has no training dataset version recorded (external run or deleted version).`, null, { datasetVersionId });
    if (b.datasetVersionId === dv.id) return record('SKIPPED', `Version ${dv.version} is the one the ${b.alias} model was trained on: nothing to compare.`, null, { datasetVersionId });
    const baseDetail = { datasetVersionId: dv.id, version: dv.version, dataset: dv.dataset.name, baselineDatasetVersionId: b.datasetVersionId, baselineModelVersionId: b.modelVersionId, baselineAlias: b.alias, statistic: cfg.statistic, columns: cfg.columns };
    let result: DriftThreadResult;
    try {
      result = await compute(b.datasetVersionId, dv.id, cfg);
    } catch (e) {
      // A shutdown or an unreachable store is the queue's to retry; bad data is the judgement.
      if (opts.retryable?.(e)) throw e;
      return record('FAILED', `Drift could not be computed: ${(e as Error).message}`, null, baseDetail);
    }
    const detail = { ...baseDetail, score: result.score, worstColumn: result.worstColumn, rows: result.rows, report: result.report };
    if (result.missingColumns.length) {
      return record('FAILED', `The trigger compares ${result.missingColumns.join(', ')}, which ${result.missingColumns.length > 1 ? 'are' : 'is'} not in both versions; edit the trigger's columns.`, null, detail);
    }
    if (result.score === null) return record('SKIPPED', `No column could be scored with ${cfg.statistic} (${cfg.statistic === 'KS' ? 'KS needs numeric columns' : 'no comparable columns'}).`, null, detail);
    const score = round(result.score);
    const over = result.report.columns
      .filter((c) => {
        const v = cfg.statistic === 'PSI' ? c.psi : (c.ks?.statistic ?? null);
        return v !== null && v > cfg.threshold;
      })
      .map((c) => c.column);
    const what = `${cfg.statistic} ${score} (worst column ${result.worstColumn}) between the ${b.alias} model's training data and "${dv.dataset.name}" version ${dv.version}`;
    if (score <= cfg.threshold) return record('BELOW', `${what}: not above the threshold ${cfg.threshold}.`, score, detail);
    const message = `${what}: above the threshold ${cfg.threshold}${over.length ? ` on ${over.join(', ')}` : ''}.`;
    if (!opts.fire) {
      const cool = coolsDownAt(t);
      return { ...base, wouldFire: true, canFire: t.enabled && !cool, score, message, detail };
    }
    const checkId = await this.openCheck(t, evidenceKey, { outcome: 'FIRED', message: `${message} Launching.`, score, threshold: cfg.threshold, detail });
    if (!checkId) return { ...base, wouldFire: true, canFire: false, score, message: 'Already judged by a concurrent check.', detail: {} };
    const now = new Date();
    // The risk stands whatever the cooldown says: drift on a production model is a fact to own.
    const riskId = await this.riskFor(checkId, t.organizationId, driftRisk(t, b, score, cfg, over, checkId, now));
    if (!(await this.claimFire(t, now))) {
      const msg = `${message} Not launched: the trigger is cooling down (cooldown ${t.cooldownMinutes} min).`;
      await this.closeCheck(checkId, { outcome: 'SKIPPED', message: msg });
      return { ...base, wouldFire: true, canFire: false, score, message: msg, detail: { ...detail, checkId, riskId } };
    }
    const cause: RetrainCause = { kind: 'DRIFT', triggerId: t.id, baselineDatasetVersionId: b.datasetVersionId, datasetVersionId: dv.id, score, threshold: cfg.threshold, columns: over };
    const r = await this.launchFor(checkId, { organizationId: t.organizationId, projectId: t.projectId, cause, datasetVersionId: dv.id, dedupeKey: `trigger:${t.id}:${evidenceKey}` }, message);
    return { ...base, wouldFire: true, canFire: true, score, message, detail: { ...detail, checkId, riskId }, launch: r ? launchView(r) : null };
  }

  // ---- SATISFACTION

  matchingSignals(cfg: SatisfactionTriggerConfig, signals: readonly SatisfactionSignalLike[]): SatisfactionSignalLike[] {
    return signals.filter((s) => cfg.signals.includes(s.kind) && (cfg.minSeverity === 'MEDIUM' || s.severity === 'HIGH'));
  }

  /** Satisfaction signals of a project (from the feedback service): enabled SATISFACTION triggers launch, once per cooldown. */
  async onSatisfactionSignals(organizationId: string, projectId: string, signals: readonly SatisfactionSignalLike[], opts: { fire: boolean } = { fire: true }): Promise<TriggerEvaluation[]> {
    const out: TriggerEvaluation[] = [];
    const triggers = await this.enabledTriggers(projectId, 'SATISFACTION');
    for (const t of triggers) {
      if (t.organizationId !== organizationId) continue;
      out.push(await this.evaluateSatisfaction(t, signals, opts));
    }
    return out;
  }

  async evaluateSatisfaction(t: TriggerRow, signals: readonly SatisfactionSignalLike[], opts: { fire: boolean }): Promise<TriggerEvaluation> {
    const cfg = this.config(t as TriggerRow & { kind: 'SATISFACTION' });
    const match = this.matchingSignals(cfg, signals);
    // The strongest signal relative to its threshold is the one named in the cause.
    const s = [...match].sort((a, b) => b.value / (b.threshold || 1) - a.value / (a.threshold || 1))[0];
    const detail = { signals: signals.map((x) => ({ kind: x.kind, severity: x.severity, value: x.value, threshold: x.threshold, message: x.message })), watches: cfg.signals, minSeverity: cfg.minSeverity };
    const cool = coolsDownAt(t);
    const canFire = t.enabled && !cool;
    if (!s) {
      const message = signals.length ? `Signals (${signals.map((x) => `${x.kind} ${x.severity}`).join(', ')}) do not match this trigger (${cfg.signals.join(', ')}, from ${cfg.minSeverity}).` : 'No satisfaction signal: NPS has not dropped and negative feedback is under its threshold (or too few responses to judge).';
      return { triggerId: t.id, kind: 'SATISFACTION', wouldFire: false, canFire, score: null, threshold: null, message, detail, launch: null };
    }
    let message = s.message;
    if (!canFire) message += t.enabled ? ` Cooling down until ${cool!.toISOString()}.` : ' The trigger is disabled.';
    const ev: TriggerEvaluation = { triggerId: t.id, kind: 'SATISFACTION', wouldFire: true, canFire, score: s.value, threshold: s.threshold, message, detail, launch: null };
    if (!opts.fire || !canFire) return ev;
    const now = new Date();
    if (!(await this.claimFire(t, now))) return { ...ev, canFire: false };
    const key = `satisfaction:${s.kind}:${now.getTime()}`;
    const checkId = await this.openCheck(t, key, { outcome: 'FIRED', message: `${s.message}. Launching.`, score: s.value, threshold: s.threshold, detail });
    if (!checkId) return ev;
    const r = await this.launchFor(
      checkId,
      { organizationId: t.organizationId, projectId: t.projectId, cause: { kind: 'SATISFACTION', triggerId: t.id, signal: s.kind, value: s.value, threshold: s.threshold }, dedupeKey: `trigger:${t.id}:${key}` },
      s.message,
    );
    return { ...ev, launch: r ? launchView(r) : null, detail: { ...detail, checkId } };
  }
}

/** Metric drop on a production model → TECHNICAL risk (libs/risk), baseline = the model's test metric when it is better, else the threshold. */
export function metricDropRisk(
  t: { id: string; organizationId: string; projectId: string },
  cfg: MetricThresholdTriggerConfig,
  mv: { id: string; version?: number; testMetrics: unknown },
  current: number,
  checkId: string,
  now: Date,
): RiskDraft | null {
  const higherIsBetter = cfg.direction === 'BELOW';
  const tested = (mv.testMetrics as Record<string, unknown> | null)?.[cfg.metric];
  const candidates = [typeof tested === 'number' && Number.isFinite(tested) ? tested : null, cfg.threshold].filter((v): v is number => v !== null && v !== 0);
  for (const baseline of candidates) {
    const d = riskFromModelMonitoring(
      { kind: 'METRIC_DROP', eventId: checkId, projectId: t.projectId, modelVersionId: mv.id, modelVersion: mv.version, inProduction: true, metric: cfg.metric, baseline, current, higherIsBetter, detectedAt: now.toISOString(), url: triggerUrl(t.organizationId, t.id) },
      // The trigger's threshold already decided this is a drop worth acting on.
      { minDropPct: 0 },
    );
    if (d) return d;
  }
  return null;
}

/** Drift on a production model → TECHNICAL risk (libs/risk); null when the baseline is only the champion. */
export function driftRisk(t: { id: string; organizationId: string; projectId: string }, b: BaselineModel, score: number, cfg: DriftTriggerConfig, columns: string[], checkId: string, now: Date): RiskDraft | null {
  return riskFromModelMonitoring({
    kind: 'DRIFT',
    eventId: checkId,
    projectId: t.projectId,
    modelVersionId: b.modelVersionId,
    modelVersion: b.version,
    inProduction: b.alias === 'production',
    statistic: cfg.statistic,
    value: score,
    threshold: cfg.threshold,
    features: columns,
    detectedAt: now.toISOString(),
    url: triggerUrl(t.organizationId, t.id),
  });
}

/**
 * The worker's RiskSink: the same rule as the API's PlatformRisks (one open risk per dedupe key in a
 * project, a history row for its creation), in one transaction per draft.
 */
export function prismaRiskSink(prisma: PrismaClient): RiskSink {
  return async (organizationId, drafts) => {
    const raised: Array<{ id: string; dedupeKey: string }> = [];
    for (const d of drafts) {
      const id = await prisma.$transaction((tx) => insertPlatformRisk(tx, organizationId, d));
      if (id) raised.push({ id, dedupeKey: d.dedupeKey });
    }
    return raised;
  };
}
