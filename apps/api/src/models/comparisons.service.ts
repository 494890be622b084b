import { Injectable } from '@nestjs/common';
import { type ComparisonTestSplit, type ComparisonTrigger, type JobStatus, type ModelComparisonView, type Page } from '@meridian/domain';
import { ComparisonRequestError, queueModelComparison } from '@meridian/jobs';
import type { JobQueue } from '@meridian/queue';
import { lowerIsBetter } from '@meridian/registry';
import { AppError } from '../common/app-error';
import { actorUserId, type OrgAccess } from '../common/context';
import { decodeCursor, encodeCursor } from '../common/prisma';
import { InjectQueue } from '../common/tokens';
import { ComparisonsRepository, type ComparisonRow } from './comparisons.repository';

const num = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
const asRecord = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export function comparisonView(c: ComparisonRow): ModelComparisonView {
  const lower = lowerIsBetter(c.metric);
  const improvement = c.challengerValue !== null && c.championValue !== null ? (lower ? c.championValue - c.challengerValue : c.challengerValue - c.championValue) : null;
  return {
    id: c.id,
    organizationId: c.organizationId,
    projectId: c.projectId,
    runId: c.runId,
    trigger: c.trigger as ComparisonTrigger,
    status: c.status as JobStatus,
    error: c.error,
    jobId: c.jobRecordId,
    metric: c.metric,
    lowerIsBetter: lower,
    margin: c.margin,
    improvement,
    winner: c.winner,
    challenger: { modelVersionId: c.challengerId, version: c.challenger.version, runId: c.challenger.runId, value: num(c.challengerValue), metrics: asRecord(c.challengerMetrics) },
    champion: c.championId ? { modelVersionId: c.championId, version: c.champion?.version ?? null, runId: c.champion?.runId ?? null, value: num(c.championValue), metrics: asRecord(c.championMetrics) } : null,
    testSplit: (c.testSplit ?? null) as ComparisonTestSplit | null,
    testRows: c.testRows,
    autoPromote: c.autoPromote,
    promoted: c.promoted,
    decision: c.decision,
    gate: c.gateOk === null ? null : { ok: c.gateOk, reasons: Array.isArray(c.gateReasons) ? (c.gateReasons as string[]) : [] },
    requestedByUserId: c.requestedByUserId,
    createdAt: c.createdAt.toISOString(),
    startedAt: c.startedAt?.toISOString() ?? null,
    finishedAt: c.finishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ComparisonsService {
  constructor(
    private readonly repo: ComparisonsRepository,
    @InjectQueue() private readonly queue: JobQueue,
  ) {}

  /** Queues model.compare for a version against the project's current champion. */
  async request(org: OrgAccess, modelVersionId: string): Promise<ModelComparisonView> {
    const mv = await this.repo.modelVersion(org.organizationId, modelVersionId);
    if (!mv) throw AppError.notFound('model version');
    // Without a champion the job still runs: it records NO_CHAMPION and, with auto-promotion on, can make this the first champion.
    const champion = await this.repo.championOf(mv.projectId);
    if (champion?.modelVersionId === mv.id) throw AppError.conflict(`Model version ${mv.version} is the champion; compare another version against it`);
    try {
      const q = await queueModelComparison(this.repo.client, this.queue, { organizationId: org.organizationId, modelVersionId: mv.id, trigger: 'MANUAL', requestedByUserId: actorUserId(org.principal) });
      return this.get(org, q.comparisonId);
    } catch (e) {
      if (e instanceof ComparisonRequestError) throw new AppError(e.code, e.message);
      throw e;
    }
  }

  async get(org: OrgAccess, id: string): Promise<ModelComparisonView> {
    const c = await this.repo.find(org.organizationId, id);
    if (!c) throw AppError.notFound('model comparison');
    return comparisonView(c);
  }

  async list(org: OrgAccess, q: { limit: number; cursor?: string; projectId?: string; modelVersionId?: string; runId?: string }): Promise<Page<ModelComparisonView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    // An id from another organisation answers 404 rather than an empty page that hides the mistake.
    if (q.projectId && !(await this.repo.project(org.organizationId, q.projectId))) throw AppError.notFound('project');
    if (q.modelVersionId && !(await this.repo.modelVersion(org.organizationId, q.modelVersionId))) throw AppError.notFound('model version');
    if (q.runId && !(await this.repo.run(org.organizationId, q.runId))) throw AppError.notFound('run');
    const rows = await this.repo.page(org.organizationId, q, cursor);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items: items.map(comparisonView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }
}
