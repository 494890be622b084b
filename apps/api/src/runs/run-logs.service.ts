import { Injectable } from '@nestjs/common';
import type { RunLogLine, RunLogPage, RunLogQuery } from '@meridian/domain';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import { RunLogsRepository, type RunLogRowView } from './run-logs.repository';

export const runLogLine = (r: RunLogRowView): RunLogLine => ({ seq: r.seq, time: r.time.toISOString(), level: r.level, attempt: r.attempt, message: r.message });

/** A run's log lines (written by the training job, libs/jobs/src/processors/training/run-log.ts). */
@Injectable()
export class RunLogsService {
  constructor(private readonly repo: RunLogsRepository) {}

  async page(org: OrgAccess, runId: string, q: RunLogQuery): Promise<RunLogPage> {
    if (!(await this.repo.runInOrg(org.organizationId, runId))) throw AppError.notFound('run');
    // One row more than asked says whether another page exists.
    const rows = await this.repo.after(runId, q.after, q.limit + 1);
    const lines = rows.slice(0, q.limit).map(runLogLine);
    return { runId, lines, nextAfter: rows.length > q.limit ? lines[lines.length - 1].seq : null };
  }
}
