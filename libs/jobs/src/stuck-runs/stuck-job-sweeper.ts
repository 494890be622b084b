// Finds jobs the database says are running (or queued) that no live runner has, and settles them:
// back to the queue while attempts remain (a training run then resumes from its last checkpoint),
// else FAILED with a reason a person can act on. Cases it exists for:
//   - the worker was killed (kill -9, OOM, node lost) and no other worker's stalled check has put
//     the job back: it sits "active" in Redis with an expired lock;
//   - BullMQ gave up on the job itself (stalled too often) without our runner seeing a failure,
//     so the JobRecord and the run still say RUNNING;
//   - the job is gone from Redis (data lost, flushed, restored from an old snapshot).
// It never touches a job a runner holds: for BullMQ that is the job's lock key, which a live
// worker renews every 15 s; removal before a re-add is refused atomically while a lock exists.
// Every sweeper in every worker may run at once: each write is conditional on the status it saw,
// and re-adding under the record's id (the producers' convention) is idempotent.
import type { ArtifactStore } from '@meridian/artifacts';
import type { Database } from '@meridian/db';
import { JobName, runStatusesAllowing } from '@meridian/domain';
import { discardRunArtifacts } from '../processors/training/cleanup';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, isJobName, parsePayload, type JobInspection, type JobQueue, type RunnerLogger } from '@meridian/queue';

export interface StuckJobSweeperOptions {
  /** A RUNNING record (and its run's heartbeat) must be older than this before the queue is asked (default 2 min). */
  staleAfterMs?: number;
  /** Sweep period for start() (default 60 s). */
  everyMs?: number;
  /** Records examined per sweep and status (default 200). */
  batch?: number;
  logger?: RunnerLogger;
  /**
   * Where the runs' checkpoints live. With it, a training run failed for good also loses its
   * checkpoints and unregistered model pack, as a run the training job fails does: nothing resumes
   * a FAILED run (training it again makes a new run), and the packs are most of a run's bytes.
   */
  artifacts?: ArtifactStore;
}

export type SweepAction = 'requeued' | 'failed' | 'alive' | 'pending';

export interface SweepOutcome {
  jobRecordId: string;
  name: string;
  runId: string | null;
  action: SweepAction;
  reason: string;
}

interface Candidate {
  id: string;
  name: string;
  status: string;
  payload: unknown;
  attempts: number;
}

export class StuckJobSweeper {
  private readonly staleAfterMs: number;
  private readonly everyMs: number;
  private readonly batch: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly opts: StuckJobSweeperOptions = {},
  ) {
    this.staleAfterMs = opts.staleAfterMs ?? 120_000;
    this.everyMs = opts.everyMs ?? 60_000;
    this.batch = opts.batch ?? 200;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // One sweep at a time; a slow one (Redis restarting) is not stacked on.
      this.running ??= this.sweep()
        .catch((err: Error) => this.opts.logger?.warn('stuck-job sweep failed; next one retries', { error: err.message }))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass. Returns what it decided for every record it looked at (tests and logs). */
  async sweep(now: Date = new Date()): Promise<SweepOutcome[]> {
    const cutoff = new Date(now.getTime() - this.staleAfterMs);
    const prisma = this.db.prisma;
    const [running, queued] = await Promise.all([
      prisma.jobRecord.findMany({
        // createdAt <= startedAt, so the createdAt bound (the indexed column) never drops a candidate.
        where: { status: 'RUNNING', createdAt: { lt: cutoff }, OR: [{ startedAt: { lt: cutoff } }, { startedAt: null }] },
        select: { id: true, name: true, status: true, payload: true, attempts: true },
        orderBy: { createdAt: 'asc' },
        take: this.batch,
      }),
      prisma.jobRecord.findMany({
        where: { status: 'QUEUED', createdAt: { lt: cutoff } },
        select: { id: true, name: true, status: true, payload: true, attempts: true },
        orderBy: { createdAt: 'asc' },
        take: this.batch,
      }),
    ]);
    const out: SweepOutcome[] = [];
    for (const rec of [...running, ...queued]) {
      const o = await this.settle(rec, cutoff);
      if (o) {
        out.push(o);
        if (o.action === 'requeued' || o.action === 'failed') this.opts.logger?.warn(`stuck job ${o.action}`, { jobId: o.jobRecordId, job: o.name, runId: o.runId, reason: o.reason });
      }
    }
    return out;
  }

  private async settle(rec: Candidate, cutoff: Date): Promise<SweepOutcome | null> {
    const prisma = this.db.prisma;
    const run =
      rec.name === JobName.TrainingRun
        ? await prisma.trainingRun.findFirst({ where: { jobRecordId: rec.id }, select: { id: true, status: true, updatedAt: true, epochsDone: true } })
        : null;
    const base = { jobRecordId: rec.id, name: rec.name, runId: run?.id ?? null };
    // The run's row is its heartbeat: the processor writes progress at least every few seconds of training.
    if (rec.status === 'RUNNING' && run?.status === 'RUNNING' && run.updatedAt >= cutoff) return { ...base, action: 'alive', reason: 'the run wrote progress recently' };

    const info = await this.queue.inspect(rec.id);
    if (rec.status === 'QUEUED') {
      // Only a missing queue job matters here: anything else is on its way to a runner.
      if (info) return null;
      return this.requeue(rec, run, DEFAULT_ATTEMPTS - rec.attempts, 'it was queued but its queue job is gone (Redis lost its data or was restored from an older copy)');
    }
    if (!info) return this.requeue(rec, run, DEFAULT_ATTEMPTS - rec.attempts, 'it was running but its queue job is gone (Redis lost its data or was restored from an older copy)');
    if (info.held) return { ...base, action: 'alive', reason: 'a worker holds the job lock' };
    switch (info.state) {
      case 'waiting':
      case 'delayed':
        return { ...base, action: 'pending', reason: `the queue has it ${info.state} for another attempt` };
      case 'active':
        return this.requeueOrphan(rec, run, info);
      case 'failed':
        return this.fail(rec, run, `the queue gave up on it: ${info.failedReason ?? 'no reason recorded'}`);
      case 'completed':
        return this.fail(rec, run, 'its queue job completed but the job never recorded an outcome');
      default:
        return { ...base, action: 'pending', reason: `queue state ${info.state}` };
    }
  }

  /** Active in Redis with no lock: its worker died (or hung past the lock) and nobody put it back. */
  private async requeueOrphan(rec: Candidate, run: RunRef | null, info: JobInspection): Promise<SweepOutcome> {
    const reason = 'its worker stopped renewing the job lock (killed, out of memory or hung) and no worker put the job back';
    // The lost attempt counts: a job that kills its worker every time must end, not loop.
    const left = info.maxAttempts - info.attemptsMade - 1;
    if (!(await this.queue.discard(rec.id))) return { jobRecordId: rec.id, name: rec.name, runId: run?.id ?? null, action: 'alive', reason: 'a worker took the job meanwhile' };
    return left >= 1 ? this.requeue(rec, run, left, reason, true) : this.fail(rec, run, `${reason}, and it has no attempts left`);
  }

  private async requeue(rec: Candidate, run: RunRef | null, attemptsLeft: number, reason: string, discarded = false): Promise<SweepOutcome> {
    const prisma = this.db.prisma;
    const base = { jobRecordId: rec.id, name: rec.name, runId: run?.id ?? null };
    if (attemptsLeft < 1) return this.fail(rec, run, `${reason}, and it has no attempts left`);
    if (!isJobName(rec.name)) return this.fail(rec, run, `${reason}; job "${rec.name}" no longer exists`);
    try {
      parsePayload(rec.name, rec.payload);
    } catch (err) {
      return this.fail(rec, run, `${reason}; its payload is no longer valid: ${(err as Error).message}`);
    }
    const resume = run && run.epochsDone > 0 ? ` It resumes from the checkpoint after epoch ${run.epochsDone}.` : '';
    const note = `Re-queued by the stuck-job sweeper: ${reason}.${resume}`.slice(0, 2000);
    // Database first, queue second: if the add fails (Redis down) the record is QUEUED with no
    // queue job, which the next sweep finds and adds again. The other order could lose the job.
    const moved = await prisma.$transaction(async (tx) => {
      const r = await tx.jobRecord.updateMany({ where: { id: rec.id, status: rec.status as 'QUEUED' | 'RUNNING' }, data: { status: 'QUEUED', error: note } });
      if (r.count && run) await tx.trainingRun.updateMany({ where: { id: run.id, status: { in: runStatusesAllowing('QUEUED') } }, data: { status: 'QUEUED', error: note } });
      return r.count > 0;
    });
    if (!moved) return { ...base, action: 'pending', reason: 'its record changed meanwhile' };
    if (!discarded && rec.status === 'RUNNING') await this.queue.discard(rec.id);
    const training = rec.name === JobName.TrainingRun;
    await this.queue.add(rec.name, rec.payload as never, {
      jobId: rec.id,
      attempts: attemptsLeft,
      backoff: training ? { type: 'fixed', delayMs: 1000 } : DEFAULT_BACKOFF,
    });
    return { ...base, action: 'requeued', reason: `${reason} (${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left)` };
  }

  private async fail(rec: Candidate, run: RunRef | null, reason: string): Promise<SweepOutcome> {
    const prisma = this.db.prisma;
    const trained = run && run.epochsDone > 0 ? ` It had trained ${run.epochsDone} epoch${run.epochsDone === 1 ? '' : 's'}.` : '';
    const error = `Stopped by the stuck-job sweeper: ${reason}.${trained} Start a new run to train it again.`.slice(0, 2000);
    const finishedAt = new Date();
    const moved = await prisma.$transaction(async (tx) => {
      const r = await tx.jobRecord.updateMany({ where: { id: rec.id, status: rec.status as 'QUEUED' | 'RUNNING' }, data: { status: 'FAILED', error, finishedAt } });
      if (r.count && run) await tx.trainingRun.updateMany({ where: { id: run.id, status: { in: runStatusesAllowing('FAILED') } }, data: { status: 'FAILED', error, finishedAt } });
      return r.count > 0;
    });
    if (moved && run && this.opts.artifacts) {
      // After the commit: the run is FAILED for good, so nothing will resume from these. A failure
      // here leaves bytes behind, never a run without its checkpoints.
      await discardRunArtifacts(prisma, this.opts.artifacts, run.id).catch((err: Error) => this.opts.logger?.warn('stuck-job sweeper: could not delete the checkpoints of a failed run', { runId: run.id, error: err.message }));
    }
    return { jobRecordId: rec.id, name: rec.name, runId: run?.id ?? null, action: moved ? 'failed' : 'pending', reason: moved ? reason : 'its record changed meanwhile' };
  }
}

interface RunRef {
  id: string;
  status: string;
  updatedAt: Date;
  epochsDone: number;
}
