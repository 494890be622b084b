import { Injectable, Logger } from '@nestjs/common';
import { newId } from '@meridian/db';
import { JobName, JobPayloadSchemas, type JobView, type Page } from '@meridian/domain';
import type { JobQueue } from '@meridian/queue';
import { AppError } from '../common/app-error';
import { actorUserId, type OrgAccess } from '../common/context';
import { decodeCursor, encodeCursor, isUniqueViolation } from '../common/prisma';
import { InjectQueue } from '../common/tokens';
import { MetricsService } from '../metrics/metrics.service';
import { ProjectsService } from '../projects/projects.service';
import { JobsRepository, type JobRow } from './jobs.repository';

export function jobView(j: JobRow): JobView {
  return {
    id: j.id,
    name: j.name,
    status: j.status,
    progress: j.progress,
    result: j.result ?? null,
    error: j.error,
    attempts: j.attempts,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** A repeated Idempotency-Key answers the first job, but only for the same request. */
function sameRequest(existing: JobRow, projectId: string): JobView {
  const p = existing.payload as { projectId?: unknown } | null;
  if (existing.name !== JobName.ProjectExport || p?.projectId !== projectId) {
    throw AppError.conflict('This Idempotency-Key was already used for a different request; use a new key');
  }
  return jobView(existing);
}

@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);
  constructor(
    private readonly repo: JobsRepository,
    private readonly projects: ProjectsService,
    private readonly metrics: MetricsService,
    @InjectQueue() private readonly queue: JobQueue,
  ) {}

  /**
   * Records the job, then queues it under the record's id, so a retried enqueue never runs it
   * twice. The same Idempotency-Key in an organisation returns the first job.
   */
  async exportProject(org: OrgAccess, projectId: string, idempotencyKey: string | null): Promise<JobView> {
    await this.projects.get(org, projectId);
    if (idempotencyKey) {
      const existing = await this.repo.findByIdempotencyKey(org.organizationId, idempotencyKey);
      if (existing) return sameRequest(existing, projectId);
    }
    const id = newId();
    const payload = JobPayloadSchemas[JobName.ProjectExport].parse({ jobRecordId: id, organizationId: org.organizationId, projectId });
    let row: JobRow;
    try {
      row = await this.repo.create({ id, organizationId: org.organizationId, name: JobName.ProjectExport, payload, idempotencyKey, createdById: actorUserId(org.principal) });
    } catch (e) {
      if (idempotencyKey && isUniqueViolation(e)) {
        const existing = await this.repo.findByIdempotencyKey(org.organizationId, idempotencyKey);
        if (existing) return sameRequest(existing, projectId);
      }
      throw e;
    }
    try {
      await this.queue.add(JobName.ProjectExport, payload, { jobId: id });
    } catch (e) {
      // No record of a job that will never run.
      await this.repo.delete(id).catch(() => undefined);
      this.logger.error({ err: e, jobId: id }, 'could not queue the job');
      throw new AppError('SERVICE_UNAVAILABLE', 'The job queue is not available right now; try again shortly');
    }
    this.metrics.jobsQueued.inc({ name: JobName.ProjectExport });
    return jobView(row);
  }

  async get(org: OrgAccess, id: string): Promise<JobView> {
    const j = await this.repo.find(org.organizationId, id);
    if (!j) throw AppError.notFound('job');
    return jobView(j);
  }

  async list(org: OrgAccess, q: { limit: number; cursor?: string }): Promise<Page<JobView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.repo.page(org.organizationId, q.limit, cursor);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(jobView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }
}
