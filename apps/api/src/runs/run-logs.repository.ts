import { Injectable } from '@nestjs/common';
import type { PrismaClient } from '@meridian/db';
import { InjectPrisma } from '../common/tokens';

export interface RunLogRowView {
  seq: number;
  time: Date;
  level: 'INFO' | 'WARN' | 'ERROR';
  attempt: number;
  message: string;
}

/** RunLog reads: one primary-key range scan per page ((runId, seq) > after, in seq order). */
@Injectable()
export class RunLogsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  /** The run, only inside its organisation (another organisation's run is not found). */
  runInOrg(organizationId: string, runId: string): Promise<{ id: string } | null> {
    return this.prisma.trainingRun.findFirst({ where: { id: runId, organizationId }, select: { id: true } });
  }

  /** The run's newest seq (0 when it has no line yet). */
  async lastSeq(runId: string): Promise<number> {
    const row = await this.prisma.runLog.findFirst({ where: { runId }, orderBy: { seq: 'desc' }, select: { seq: true } });
    return row?.seq ?? 0;
  }

  after(runId: string, after: number, take: number): Promise<RunLogRowView[]> {
    return this.prisma.runLog.findMany({
      where: { runId, seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take,
      select: { seq: true, time: true, level: true, attempt: true, message: true },
    });
  }
}
