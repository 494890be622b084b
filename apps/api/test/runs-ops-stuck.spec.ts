// Stuck RUNNING for real: the only apps/worker process training a run is killed with SIGKILL, so
// no worker is left to notice (BullMQ's own stalled check runs inside workers). The run and its
// JobRecord still say RUNNING. The stuck-job sweeper (the one every worker runs; driven here by the
// test to control its timing) first leaves the job alone while the dead worker's lock has not
// expired (it cannot tell a dead worker from a slow one before that), then re-queues it with the
// attempts left. A new worker resumes from the last checkpoint and finishes, with every epoch's
// metric point stored exactly once. Needs PostgreSQL and Redis; under CI their absence is an error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresReachable } from '@meridian/db';
import { StuckJobSweeper, type SweepOutcome } from '@meridian/jobs';
import { redisReachable } from '@meridian/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, signUp, startHarness, waitFor, type Harness } from './harness';
import { digitsVersion, startWorkerProcess, stopProcess, workerReady, type WorkerProc } from './runs-ops.helpers';

const strict = !!process.env.CI && process.env.CI !== 'false';
const embeddedForced = process.env.MERIDIAN_TEST_DB === 'pglite' || process.env.MERIDIAN_TEST_QUEUE === 'memory';
const [pgUp, redisUp] = await Promise.all([postgresReachable(), redisReachable()]);
const down = [!pgUp && 'PostgreSQL at 127.0.0.1:5432', !redisUp && 'Redis at 127.0.0.1:6379'].filter(Boolean).join(' and ');
if (down && strict) throw new Error(`${down} not reachable: the stuck-run test needs both. Start them.`);
if (down || embeddedForced) console.warn(`[runs-ops-stuck] not run: ${down ? `${down} not reachable` : 'embedded mode forced'}.`);

const EPOCHS = 8;

describe.runIf(!down && !embeddedForced)('a run left RUNNING by a killed worker', () => {
  let h: Harness;
  let artifactsDir: string;
  const workers: WorkerProc[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    artifactsDir = await mkdtemp(join(tmpdir(), 'runs-ops-stuck-'));
    h = await startHarness({ JOBS_IN_PROCESS: 'false', ARTIFACTS_DIR: artifactsDir });
    expect(h.mode).toEqual({ db: 'postgres', queue: 'bullmq' });
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) await stopProcess(w.proc, 'SIGKILL');
    await h?.close();
    await rm(artifactsDir, { recursive: true, force: true });
  });

  it('is left alone while the lock lives, then re-queued by the sweeper and resumed from its checkpoint', async () => {
    const u = await signUp(h);
    const projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
    const datasetVersionId = await digitsVersion(h, u.orgId, projectId);
    const cfg = h.api.config;
    // The workers' own sweepers are off: this test runs the sweeper itself, at chosen moments.
    const env = { DATABASE_URL: cfg.DATABASE_URL!, REDIS_URL: cfg.REDIS_URL!, QUEUE_PREFIX: cfg.QUEUE_PREFIX, ARTIFACTS_DIR: artifactsDir, STUCK_JOB_SWEEP_MS: '0' };

    const w1 = startWorkerProcess('w1', env, lines);
    workers.push(w1);
    await workerReady(w1, lines);
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs`, cookie: u.cookie, body: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: EPOCHS } });
    expect(res.status, res.text).toBe(202);
    const { id: runId, jobId } = res.json<{ id: string; jobId: string }>();
    const getRun = () => h.db.prisma.trainingRun.findUniqueOrThrow({ where: { id: runId } });

    await waitFor(getRun, (r) => r.epochsDone >= 2 || r.status === 'FAILED', 120_000);
    await stopProcess(w1.proc, 'SIGKILL');
    const atKill = await getRun();
    expect(atKill.status).toBe('RUNNING');
    expect(atKill.epochsDone).toBeLessThan(EPOCHS);

    const sweeper = new StuckJobSweeper(h.db, h.queue, { staleAfterMs: 1_000 });
    const mine = (out: SweepOutcome[]) => out.find((o) => o.jobRecordId === jobId);
    // Once the run's row is a second stale, the sweeper asks Redis; the dead worker's lock lives up to
    // 30 s after its last renewal, and while it does the job is treated as held: nothing is done.
    await new Promise((r) => setTimeout(r, 1_500));
    const first = mine(await sweeper.sweep());
    expect(first).toMatchObject({ action: 'alive', reason: 'a worker holds the job lock' });
    expect((await getRun()).status).toBe('RUNNING');
    expect(await h.queue.inspect(jobId)).toMatchObject({ state: 'active', held: true });

    // The lock expires; the next sweeps re-queue it with the attempts left (3, minus the lost one).
    let outcome: SweepOutcome | undefined;
    await waitFor(
      async () => (outcome = mine(await sweeper.sweep())),
      (o) => o?.action === 'requeued' || o?.action === 'failed',
      60_000,
    );
    expect(outcome).toMatchObject({ action: 'requeued', runId, reason: expect.stringMatching(/stopped renewing the job lock.*2 attempts left/) });
    const requeued = await getRun();
    expect(requeued.status).toBe('QUEUED');
    expect(requeued.error).toMatch(new RegExp(`resumes from the checkpoint after epoch ${requeued.epochsDone}`));
    expect(await h.queue.inspect(jobId)).toMatchObject({ state: 'waiting', held: false, maxAttempts: 2 });
    expect((await h.db.prisma.jobRecord.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('QUEUED');

    const w2 = startWorkerProcess('w2', env, lines);
    workers.push(w2);
    await workerReady(w2, lines);
    const done = await waitFor(getRun, (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED', 150_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${lines.slice(-30).join('\n')}`);
    });
    expect(done.status, `${done.error}\n${lines.slice(-20).join('\n')}`).toBe('SUCCEEDED');
    expect(done.epochsDone).toBe(EPOCHS);
    // The record is closed just after the run (the job wrapper writes it when the handler returns).
    const rec = await waitFor(() => h.db.prisma.jobRecord.findUniqueOrThrow({ where: { id: jobId } }), (r) => r.status !== 'RUNNING', 30_000);
    expect(rec.status).toBe('SUCCEEDED');
    expect((rec.result as { resumedFromEpoch: number | null }).resumedFromEpoch).toBeGreaterThanOrEqual(1);
    const rows = await h.db.prisma.runMetric.findMany({ where: { runId, key: 'loss' }, select: { step: true }, orderBy: { step: 'asc' } });
    expect(rows.map((r) => r.step)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(await h.db.prisma.modelVersion.count({ where: { runId } })).toBe(1);
    // Once settled, a sweep has nothing to say about it.
    expect(mine(await sweeper.sweep())).toBeUndefined();
  }, 360_000);
});
