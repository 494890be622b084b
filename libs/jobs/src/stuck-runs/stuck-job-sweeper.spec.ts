// The sweeper against real PostgreSQL and real Redis (BullMQ): each case crafts the state a real
// failure leaves behind (a job gone from Redis, an active job whose worker's lock is gone, a job
// BullMQ failed behind our back, a job a live worker holds) and checks the run, its JobRecord and
// the queue afterwards. `sweep(now)` is given a time in the future so every row counts as stale
// without sleeping; the heartbeat case passes the real time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { LocalArtifactStore } from '@meridian/artifacts';
import { createTestDatabase, newId, type TestDatabase } from '@meridian/db';
import { JobName } from '@meridian/domain';
import { createRunner, createTestQueue, MemoryQueue, redisReachable, testQueueMode, type TestQueue } from '@meridian/queue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkpointKey } from '../processors/training/cleanup';
import { StuckJobSweeper } from './stuck-job-sweeper';

const redisUp = await redisReachable();
if (!redisUp && testQueueMode() === 'bullmq') throw new Error('Redis at 127.0.0.1:6379 is not reachable: the stuck-job sweeper tests need it (CI). Start Redis.');
if (!redisUp) console.warn('[stuck-job-sweeper] Redis not reachable: the BullMQ cases are not run.');

const LATER = () => new Date(Date.now() + 3_600_000);

describe.runIf(redisUp)('stuck-job sweeper on BullMQ', () => {
  let db: TestDatabase;
  let tq: TestQueue;
  let redis: IORedis;
  const workers: Worker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  afterEach(async () => {
    // This file's own database: each case starts with no runs or records.
    await db.prisma.trainingRun.deleteMany({});
    await db.prisma.jobRecord.deleteMany({});
    for (const w of workers.splice(0)) await w.close(true);
    await redis?.quit();
    await tq?.close();
  });

  async function setup(opts: { artifacts?: LocalArtifactStore } = {}) {
    tq = await createTestQueue('bullmq');
    redis = new IORedis(tq.redisUrl!, { maxRetriesPerRequest: null });
    return new StuckJobSweeper(db, tq.queue, { staleAfterMs: 60_000, ...opts });
  }

  /** A training run and its JobRecord, both RUNNING as a worker leaves them mid-run (epochs done, attempt 1). */
  async function runningRun(over: { attempts?: number; epochsDone?: number; status?: 'RUNNING' | 'QUEUED' } = {}) {
    const orgId = newId();
    await db.prisma.organization.create({ data: { id: orgId, name: 'Acme', slug: `acme-${orgId}` } });
    const projectId = newId();
    await db.prisma.project.create({ data: { id: projectId, organizationId: orgId, name: 'Digits', startupMode: 'APPLICATION', businessModel: 'SAAS' } });
    const runId = newId();
    const jobId = newId();
    const payload = { jobRecordId: jobId, organizationId: orgId, runId };
    const status = over.status ?? 'RUNNING';
    await db.prisma.jobRecord.create({ data: { id: jobId, organizationId: orgId, name: JobName.TrainingRun, payload, status, attempts: over.attempts ?? (status === 'RUNNING' ? 1 : 0), startedAt: status === 'RUNNING' ? new Date() : null } });
    await db.prisma.trainingRun.create({ data: { id: runId, organizationId: orgId, projectId, jobRecordId: jobId, name: 'digits mlp', preset: 'mlp-classifier', labelColumn: 'label', status, epochsDone: over.epochsDone ?? 2, startedAt: status === 'RUNNING' ? new Date() : null } });
    return { orgId, runId, jobId, payload };
  }

  /** Moves the job to active under a lock, as a worker taking it does. */
  async function takeJob(lockMs = 60_000) {
    const w = new Worker('jobs', null, { connection: new IORedis(tq.redisUrl!, { maxRetriesPerRequest: null }), prefix: tq.prefix, lockDuration: lockMs, autorun: false });
    workers.push(w);
    const job = await w.getNextJob('token-of-a-worker');
    expect(job).toBeTruthy();
    return job!;
  }
  const lockKey = (id: string) => `${tq.prefix}:jobs:${id}:lock`;
  const state = async (runId: string, jobId: string) => ({
    run: await db.prisma.trainingRun.findUniqueOrThrow({ where: { id: runId } }),
    rec: await db.prisma.jobRecord.findUniqueOrThrow({ where: { id: jobId } }),
    queue: await tq.queue.inspect(jobId),
  });

  it('re-queues a RUNNING run whose queue job is gone, to resume from its checkpoint with the attempts left', async () => {
    const sweeper = await setup();
    const { runId, jobId } = await runningRun({ attempts: 1, epochsDone: 2 });
    const out = await sweeper.sweep(LATER());
    expect(out).toEqual([expect.objectContaining({ jobRecordId: jobId, runId, action: 'requeued' })]);
    const s = await state(runId, jobId);
    expect(s.run.status).toBe('QUEUED');
    expect(s.run.error).toMatch(/queue job is gone.*resumes from the checkpoint after epoch 2/);
    expect(s.rec.status).toBe('QUEUED');
    expect(s.queue).toMatchObject({ state: 'waiting', held: false, name: JobName.TrainingRun, maxAttempts: 2, attemptsMade: 0 });
    // A second sweep finds the job in the queue and leaves it alone.
    expect(await sweeper.sweep(LATER())).toEqual([]);
  });

  it('fails a run whose queue job is gone when no attempts are left, saying why and what is kept', async () => {
    const sweeper = await setup();
    const { runId, jobId } = await runningRun({ attempts: 3, epochsDone: 4 });
    const out = await sweeper.sweep(LATER());
    expect(out).toEqual([expect.objectContaining({ jobRecordId: jobId, action: 'failed' })]);
    const s = await state(runId, jobId);
    expect(s.run).toMatchObject({ status: 'FAILED' });
    expect(s.run.finishedAt).toBeTruthy();
    expect(s.run.error).toMatch(/^Stopped by the stuck-job sweeper: it was running but its queue job is gone .*no attempts left\. It had trained 4 epochs\. Start a new run to train it again\.$/);
    expect(s.rec).toMatchObject({ status: 'FAILED', error: s.run.error });
    expect(s.queue).toBeNull();
  });

  it('deletes the checkpoints of a run it fails for good, and keeps those of a run it re-queues', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweeper-artifacts-'));
    try {
      const store = new LocalArtifactStore(dir);
      const sweeper = await setup({ artifacts: store });
      const withCheckpoints = async (attempts: number) => {
        const r = await runningRun({ attempts, epochsDone: 2 });
        for (const epoch of [1, 2]) {
          await store.put(checkpointKey(r.runId, epoch), `epoch ${epoch} of ${r.runId}`);
          await db.prisma.checkpoint.create({ data: { id: newId(), runId: r.runId, epoch, artifactKey: checkpointKey(r.runId, epoch) } });
        }
        return r;
      };
      const failed = await withCheckpoints(3);
      const requeued = await withCheckpoints(1);
      const out = await sweeper.sweep(LATER());
      expect(out).toEqual(expect.arrayContaining([expect.objectContaining({ runId: failed.runId, action: 'failed' }), expect.objectContaining({ runId: requeued.runId, action: 'requeued' })]));
      expect(await db.prisma.checkpoint.count({ where: { runId: failed.runId } })).toBe(0);
      expect(await store.stat(checkpointKey(failed.runId, 1))).toBeNull();
      expect(await store.stat(checkpointKey(failed.runId, 2))).toBeNull();
      // The re-queued run resumes from its checkpoints: they stay.
      expect(await db.prisma.checkpoint.count({ where: { runId: requeued.runId } })).toBe(2);
      expect(await store.stat(checkpointKey(requeued.runId, 2))).not.toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('re-queues an active job whose worker died (lock gone), counting the lost attempt', async () => {
    const sweeper = await setup();
    const { runId, jobId, payload } = await runningRun();
    await tq.queue.add(JobName.TrainingRun, payload, { jobId, attempts: 3 });
    await takeJob();
    // The worker is killed: nobody renews the lock, and it expires. (Deleting it is that expiry, now.)
    await redis.del(lockKey(jobId));
    expect(await tq.queue.inspect(jobId)).toMatchObject({ state: 'active', held: false });
    const out = await sweeper.sweep(LATER());
    expect(out).toEqual([expect.objectContaining({ jobRecordId: jobId, action: 'requeued', reason: expect.stringMatching(/stopped renewing the job lock.*2 attempts left/) })]);
    const s = await state(runId, jobId);
    expect(s.run.status).toBe('QUEUED');
    expect(s.queue).toMatchObject({ state: 'waiting', maxAttempts: 2 });
    expect(await redis.lrange(`${tq.prefix}:jobs:active`, 0, -1)).not.toContain(jobId);
  });

  it('fails an orphaned job that has used its last attempt instead of looping', async () => {
    const sweeper = await setup();
    const { runId, jobId, payload } = await runningRun();
    await tq.queue.add(JobName.TrainingRun, payload, { jobId, attempts: 1 });
    await takeJob();
    await redis.del(lockKey(jobId));
    const out = await sweeper.sweep(LATER());
    expect(out).toEqual([expect.objectContaining({ action: 'failed' })]);
    const s = await state(runId, jobId);
    expect(s.run.status).toBe('FAILED');
    expect(s.run.error).toMatch(/stopped renewing the job lock.*no attempts left/);
    expect(s.queue).toBeNull();
  });

  it('leaves a job a live worker holds alone, however old its record looks: no second copy', async () => {
    const sweeper = await setup();
    const { runId, jobId, payload } = await runningRun();
    await tq.queue.add(JobName.TrainingRun, payload, { jobId, attempts: 3 });
    await takeJob();
    const out = await sweeper.sweep(LATER());
    expect(out).toEqual([expect.objectContaining({ jobRecordId: jobId, action: 'alive', reason: 'a worker holds the job lock' })]);
    const s = await state(runId, jobId);
    expect(s.run.status).toBe('RUNNING');
    expect(s.rec.status).toBe('RUNNING');
    expect(s.queue).toMatchObject({ state: 'active', held: true, maxAttempts: 3 });
    // discard refuses a held job atomically
    expect(await tq.queue.discard(jobId)).toBe(false);
  });

  it('does not even ask the queue while the run keeps writing progress (its heartbeat)', async () => {
    const sweeper = new StuckJobSweeper(db, (await setup(), tq.queue), { staleAfterMs: 60_000 });
    const { runId, jobId } = await runningRun();
    // Record started long ago; the run row was updated just now.
    const hourAgo = new Date(Date.now() - 3_600_000);
    await db.prisma.jobRecord.update({ where: { id: jobId }, data: { createdAt: hourAgo, startedAt: hourAgo } });
    const out = await sweeper.sweep(new Date());
    expect(out).toEqual([expect.objectContaining({ jobRecordId: jobId, action: 'alive', reason: 'the run wrote progress recently' })]);
    expect((await state(runId, jobId)).run.status).toBe('RUNNING');
  });

  it('fails a run whose job BullMQ itself failed (stalled too often) while the record still says RUNNING', async () => {
    const sweeper = await setup();
    const { runId, jobId, payload } = await runningRun();
    await tq.queue.add(JobName.TrainingRun, payload, { jobId, attempts: 1 });
    const job = await takeJob();
    await job.moveToFailed(new Error('job stalled more than allowable limit'), 'token-of-a-worker', false);
    const out = await sweeper.sweep(LATER());
    expect(out).toEqual([expect.objectContaining({ action: 'failed', reason: 'the queue gave up on it: job stalled more than allowable limit' })]);
    const s = await state(runId, jobId);
    expect(s.run.status).toBe('FAILED');
    expect(s.rec.status).toBe('FAILED');
  });

  it('adds again a QUEUED job that the queue lost, and leaves queued jobs that are there', async () => {
    const sweeper = await setup();
    const lost = await runningRun({ status: 'QUEUED' });
    const fine = await runningRun({ status: 'QUEUED' });
    await tq.queue.add(JobName.TrainingRun, fine.payload, { jobId: fine.jobId, attempts: 3 });
    const out = await sweeper.sweep(LATER());
    expect(out).toEqual([expect.objectContaining({ jobRecordId: lost.jobId, action: 'requeued', reason: expect.stringMatching(/was queued but its queue job is gone/) })]);
    expect(await tq.queue.inspect(lost.jobId)).toMatchObject({ state: 'waiting', maxAttempts: 3 });
    expect((await state(fine.runId, fine.jobId)).queue).toMatchObject({ state: 'waiting' });
  });
});

// Embedded mode: the in-process queue. "Held" is a job active in this process's runner.
describe('stuck-job sweeper on the in-process queue', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('re-queues a RUNNING run the queue does not have, and leaves the one its runner holds', async () => {
    const queue = new MemoryQueue();
    const orgId = newId();
    await db.prisma.organization.create({ data: { id: orgId, name: 'Acme', slug: `acme-${orgId}` } });
    const projectId = newId();
    await db.prisma.project.create({ data: { id: projectId, organizationId: orgId, name: 'Digits', startupMode: 'APPLICATION', businessModel: 'SAAS' } });
    const make = async () => {
      const runId = newId();
      const jobId = newId();
      const payload = { jobRecordId: jobId, organizationId: orgId, runId };
      await db.prisma.jobRecord.create({ data: { id: jobId, organizationId: orgId, name: JobName.TrainingRun, payload, status: 'RUNNING', attempts: 1, startedAt: new Date() } });
      await db.prisma.trainingRun.create({ data: { id: runId, organizationId: orgId, projectId, jobRecordId: jobId, name: 'r', preset: 'mlp-classifier', labelColumn: 'label', status: 'RUNNING', epochsDone: 1, startedAt: new Date() } });
      return { runId, jobId, payload };
    };
    const lost = await make();
    const held = await make();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const runner = createRunner(queue, new Map([[JobName.TrainingRun, () => gate]]), { concurrency: 1 });
    await runner.start();
    await queue.add(JobName.TrainingRun, held.payload, { jobId: held.jobId });
    for (let i = 0; i < 100 && (await queue.getJobState(held.jobId)) !== 'active'; i++) await new Promise((r) => setTimeout(r, 10));
    try {
      const out = await new StuckJobSweeper(db, queue, { staleAfterMs: 60_000 }).sweep(LATER());
      expect(out.find((o) => o.jobRecordId === lost.jobId)).toMatchObject({ action: 'requeued' });
      expect(out.find((o) => o.jobRecordId === held.jobId)).toMatchObject({ action: 'alive', reason: 'a worker holds the job lock' });
      // The lost one is back in the queue (behind the held one: concurrency 1), the held one untouched.
      expect(await queue.inspect(lost.jobId)).toMatchObject({ state: 'waiting', maxAttempts: 2 });
      expect((await db.prisma.trainingRun.findUniqueOrThrow({ where: { id: held.runId } })).status).toBe('RUNNING');
    } finally {
      release();
      await runner.close({ timeoutMs: 2_000 });
      await queue.close();
    }
  });
});
