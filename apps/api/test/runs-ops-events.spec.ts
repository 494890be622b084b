// Live run events across processes: this API runs no processors (JOBS_IN_PROCESS=false), a real
// apps/worker process trains the run, and an SSE client on the API receives the epoch metrics and
// status changes the worker published over Redis pub/sub (events marked source 'live'), then the
// final status. Needs PostgreSQL and Redis; under CI their absence is an error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresReachable } from '@meridian/db';
import { runCostMinor } from '@meridian/jobs';
import { redisReachable } from '@meridian/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, signUp, startHarness, waitFor, type Harness } from './harness';
import { digitsVersion, readSse, startWorkerProcess, stopProcess, workerReady, type WorkerProc } from './runs-ops.helpers';

const strict = !!process.env.CI && process.env.CI !== 'false';
const embeddedForced = process.env.MERIDIAN_TEST_DB === 'pglite' || process.env.MERIDIAN_TEST_QUEUE === 'memory';
const [pgUp, redisUp] = await Promise.all([postgresReachable(), redisReachable()]);
const down = [!pgUp && 'PostgreSQL at 127.0.0.1:5432', !redisUp && 'Redis at 127.0.0.1:6379'].filter(Boolean).join(' and ');
if (down && strict) throw new Error(`${down} not reachable: the cross-process run events test needs both. Start them.`);
if (down || embeddedForced) console.warn(`[runs-ops-events] not run: ${down ? `${down} not reachable` : 'embedded mode forced'}.`);

const EPOCHS = 3;
const RATE = 3_600_000;

describe.runIf(!down && !embeddedForced)('run events from a worker process reach the API over Redis', () => {
  let h: Harness;
  let artifactsDir: string;
  let worker: WorkerProc | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    artifactsDir = await mkdtemp(join(tmpdir(), 'runs-ops-events-'));
    h = await startHarness({ JOBS_IN_PROCESS: 'false', ARTIFACTS_DIR: artifactsDir });
    expect(h.mode).toEqual({ db: 'postgres', queue: 'bullmq' });
  }, 60_000);

  afterAll(async () => {
    if (worker) await stopProcess(worker.proc);
    await h?.close();
    await rm(artifactsDir, { recursive: true, force: true });
  });

  it('an SSE client receives the epoch metrics and the final status of a run the worker trains', async () => {
    const u = await signUp(h);
    const projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
    const datasetVersionId = await digitsVersion(h, u.orgId, projectId);
    const cfg = h.api.config;

    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs`, cookie: u.cookie, body: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: EPOCHS } });
    expect(res.status, res.text).toBe(202);
    const runId = res.json<{ id: string }>().id;

    // The stream is open (and subscribed) before any worker exists, so everything it hears comes
    // from the worker process started afterwards.
    const base = await h.api.listen(0);
    const ctrl = new AbortController();
    const sse = readSse(`${base}/api/orgs/${u.orgId}/runs/${runId}/events`, { cookie: u.cookie }, ctrl.signal);
    await waitFor(async () => sse.events.length, (n) => n > 0, 10_000);
    expect(sse.events[0]).toMatchObject({ event: 'status', data: { status: 'QUEUED' } });

    // A rate of one minor unit per millisecond, so CPU-based and wall-based cost tell apart.
    worker = startWorkerProcess('w', { DATABASE_URL: cfg.DATABASE_URL!, REDIS_URL: cfg.REDIS_URL!, QUEUE_PREFIX: cfg.QUEUE_PREFIX, ARTIFACTS_DIR: artifactsDir, RUN_RATE_WASM_MINOR: String(RATE), RUN_RATE_CPU_MINOR: String(RATE) }, lines);
    await workerReady(worker, lines);

    const status = await Promise.race([sse.done, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no end event within 150 s; events: ${JSON.stringify(sse.events.slice(-5))}\n${lines.slice(-20).join('\n')}`)), 150_000))]);
    ctrl.abort();
    expect(status).toBe(200);

    const events = sse.events;
    const live = events.filter((e) => e.data.source === 'live');
    // Epoch metrics published by the worker, received live: every epoch's loss and accuracy.
    const livePoints = live.filter((e) => e.event === 'metrics').flatMap((e) => e.data.points as Array<{ key: string; step: number; value: number }>);
    const steps = (key: string) => [...new Set(livePoints.filter((p) => p.key === key).map((p) => p.step))].sort((a, b) => a - b);
    expect(steps('loss'), JSON.stringify(events.slice(0, 10))).toEqual([1, 2, 3]);
    expect(steps('accuracy')).toEqual([1, 2, 3]);
    expect(livePoints.some((p) => p.key === 'batch_loss')).toBe(true);
    // Status changes from the worker, live: it started, and epochs advanced.
    expect(live.some((e) => e.event === 'status' && e.data.status === 'RUNNING')).toBe(true);
    expect(live.some((e) => e.event === 'status' && e.data.epochsDone === EPOCHS)).toBe(true);
    // The final status, then the end of the stream.
    expect(events.some((e) => e.event === 'status' && e.data.status === 'SUCCEEDED')).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'SUCCEEDED' } });

    const run = await h.db.prisma.trainingRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe('SUCCEEDED');
    // Compute accounting: the training thread's own CPU time, billed for the JS/wasm backends.
    expect(['wasm', 'cpu']).toContain(run.backendUsed);
    expect(run.cpuTimeMs).toBeGreaterThan(0);
    expect(run.cpuTimeMs!).toBeLessThanOrEqual(run.wallTimeMs!);
    expect(run.costMinor).toBe(runCostMinor(run.cpuTimeMs!, RATE));
    const job = await waitFor(() => h.db.prisma.jobRecord.findUniqueOrThrow({ where: { id: run.jobRecordId! } }), (j) => j.status !== 'RUNNING', 30_000);
    expect(job.result).toMatchObject({ cpu: { ms: run.cpuTimeMs, scope: 'thread', billedMs: run.cpuTimeMs } });
    const entry = await h.db.prisma.costEntry.findFirstOrThrow({ where: { externalRef: `run:${runId}` } });
    expect(Number(entry.amountMinor)).toBe(run.costMinor);
    expect(entry.description).toMatch(/training-thread CPU/);
    // Every live metric point is one the worker stored.
    const stored = await h.db.prisma.runMetric.findMany({ where: { runId, key: 'loss' }, orderBy: { step: 'asc' } });
    expect(livePoints.filter((p) => p.key === 'loss').sort((a, b) => a.step - b.step).map((p) => p.value)).toEqual(stored.map((m) => m.value));
  }, 240_000);
});
