// The in-process queue forgets its jobs when the process stops; the JobRecord rows do not. On start
// in embedded mode, every record still QUEUED or RUNNING is queued again (under its own id, the
// convention producers follow), so a restart delays jobs but never loses them.
import type { Database } from '@meridian/db';
import { isJobName, parsePayload, type JobQueue, type RunnerLogger } from '@meridian/queue';

export async function requeueUnfinished(db: Database, queue: JobQueue, logger?: RunnerLogger): Promise<{ requeued: number; failed: number }> {
  const rows = await db.prisma.jobRecord.findMany({
    where: { status: { in: ['QUEUED', 'RUNNING'] } },
    select: { id: true, name: true, payload: true },
    orderBy: { createdAt: 'asc' },
  });
  let requeued = 0;
  let failed = 0;
  for (const row of rows) {
    let reason: string | null = null;
    if (!isJobName(row.name)) reason = `job "${row.name}" no longer exists`;
    else {
      try {
        parsePayload(row.name, row.payload);
        await queue.add(row.name, row.payload as never, { jobId: row.id });
        requeued++;
      } catch (err) {
        reason = (err as Error).message;
      }
    }
    if (reason) {
      failed++;
      await db.prisma.jobRecord.update({ where: { id: row.id }, data: { status: 'FAILED', error: `Could not requeue after a restart: ${reason}`, finishedAt: new Date() } });
    }
  }
  if (rows.length) logger?.info('requeued unfinished jobs after a restart', { requeued, failed });
  return { requeued, failed };
}
