// Redis restarted mid-queue loses no job. The test starts its own redis-server (the Debian binary)
// on a free port with the persistence production must use (appendonly yes, appendfsync everysec,
// noeviction; see ARCHITECTURE.md and docker/docker-compose.yml), an API (processors off) and a
// real apps/worker process on it, and queues training runs so that one is active and the others
// wait. Redis is then shut down and started again on the same data directory. While it is down the
// API refuses a new run with 503 SERVICE_UNAVAILABLE and writes nothing; after it is back every run
// completes exactly once (one job start each, one model version, every epoch's metric point once)
// and the worker is still the same process; a dashboard's event stream opened before the restart
// still gets the live epochs of a run trained after it. Needs PostgreSQL and the redis-server binary.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createTestDatabase, postgresReachable, type TestDatabase } from '@meridian/db';
import { createQueue, type JobQueue } from '@meridian/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type MeridianApi } from '../src/app';
import { loadConfig } from '../src/config';
import { createProject, request, signUp, waitFor, type Harness } from './harness';
import { digitsVersion, PrivateRedis, readSse, redisPing, startWorkerProcess, stopProcess, workerReady, type WorkerProc } from './runs-ops.helpers';

const strict = !!process.env.CI && process.env.CI !== 'false';
const redisBin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
const haveRedisBin = spawnSync(redisBin, ['--version']).status === 0;
const pgUp = await postgresReachable();
const missing = [!pgUp && 'PostgreSQL at 127.0.0.1:5432', !haveRedisBin && `the ${redisBin} binary (apt-get install redis-server)`].filter(Boolean).join(' and ');
if (missing && strict) throw new Error(`${missing} not available: the Redis restart test needs both.`);
if (missing) console.warn(`[runs-ops-redis] not run: ${missing} not available.`);

const RUNS = 3;
const EPOCHS = 4;

describe.runIf(!missing)('Redis restarted mid-queue', () => {
  let redis: PrivateRedis;
  let db: TestDatabase;
  let queue: JobQueue;
  let api: MeridianApi;
  let h: Harness;
  let artifactsDir: string;
  let worker: WorkerProc | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    db = await createTestDatabase({ mode: 'postgres' });
    artifactsDir = await mkdtemp(join(tmpdir(), 'runs-ops-redis-artifacts-'));
    const prefix = `mtest-restart-${randomBytes(3).toString('hex')}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      PASSWORD_SCRYPT_LOG_N: '12',
      SEED_DEMO: 'false',
      JOBS_IN_PROCESS: 'false',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      ARTIFACTS_DIR: artifactsDir,
      DATABASE_URL: db.url!,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
    });
    queue = createQueue({ redisUrl: redis.url, prefix });
    api = await createApp(config, { database: db, queue, logger: pino({ level: config.LOG_LEVEL }) });
    h = { api, db, queue, mode: { db: db.kind, queue: queue.kind }, request: (o) => request(api, o), close: async () => undefined };
  }, 90_000);

  afterAll(async () => {
    if (worker) await stopProcess(worker.proc);
    await api?.close();
    await queue?.close();
    await db?.close();
    await redis?.close();
    if (artifactsDir) await rm(artifactsDir, { recursive: true, force: true });
  });

  it('every queued run completes exactly once; while Redis is down a new run gets 503 and nothing is written', async () => {
    const u = await signUp(h);
    const projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
    const datasetVersionId = await digitsVersion(h, u.orgId, projectId);
    const cfg = api.config;
    const startRun = () => h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs`, cookie: u.cookie, body: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: EPOCHS } });

    const runs: Array<{ id: string; jobId: string }> = [];
    for (let i = 0; i < RUNS; i++) {
      const res = await startRun();
      expect(res.status, res.text).toBe(202);
      runs.push(res.json<{ id: string; jobId: string }>());
    }
    // One worker taking one job at a time: the first becomes active, the others wait.
    worker = startWorkerProcess('w', { DATABASE_URL: cfg.DATABASE_URL!, REDIS_URL: redis.url, QUEUE_PREFIX: cfg.QUEUE_PREFIX, ARTIFACTS_DIR: artifactsDir, WORKER_CONCURRENCY: '1' }, lines);
    await workerReady(worker, lines);
    const active = await waitFor(
      async () => (await h.db.prisma.trainingRun.findMany({ where: { id: { in: runs.map((r) => r.id) }, status: 'RUNNING', epochsDone: { gte: 1 } } }))[0],
      Boolean,
      120_000,
    );
    const states = await Promise.all(runs.map((r) => queue.getJobState(r.jobId)));
    expect(states.filter((s) => s === 'active')).toHaveLength(1);
    expect(states.filter((s) => s === 'waiting')).toHaveLength(RUNS - 1);
    expect(active.epochsDone).toBeLessThan(EPOCHS);

    // A dashboard watches the last run (still waiting): its live events must survive the restart,
    // so the API's Redis subscription has to come back by itself.
    const base = await api.listen(0);
    const ctrl = new AbortController();
    const lastRun = runs[RUNS - 1];
    const sse = readSse(`${base}/api/orgs/${u.orgId}/runs/${lastRun.id}/events`, { cookie: u.cookie }, ctrl.signal);
    await waitFor(async () => sse.events.length, (n) => n > 0, 10_000);
    expect(sse.events[0]).toMatchObject({ event: 'status', data: { status: 'QUEUED' } });

    // Redis goes away (SHUTDOWN, as a restart does) while one job is active and the rest wait.
    await redis.stop();
    expect(await redisPing(redis.port)).toBeNull();

    // The API cannot queue: 503 with a code that says so, and neither the run nor its job record is left behind.
    const before = { runs: await db.prisma.trainingRun.count({ where: { organizationId: u.orgId } }), jobs: await db.prisma.jobRecord.count({ where: { organizationId: u.orgId } }) };
    const refused = await startRun();
    expect(refused.status, refused.text).toBe(503);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/job queue is not available/) });
    expect({ runs: await db.prisma.trainingRun.count({ where: { organizationId: u.orgId } }), jobs: await db.prisma.jobRecord.count({ where: { organizationId: u.orgId } }) }).toEqual(before);
    const ready = await h.request({ url: '/api/health/ready' });
    expect(ready.status).toBe(503);

    // Redis comes back on the same data directory: the append-only file brings every job back.
    await redis.start();
    expect(worker.proc.exitCode).toBeNull();
    // Every job is still there: nothing had to be re-created (the AOF kept them, lock included).
    const back = await Promise.all(runs.map((r) => queue.inspect(r.jobId)));
    for (const [i, b] of back.entries()) expect(b, `job of run ${i + 1} after the restart`).not.toBeNull();

    const done = await waitFor(
      () => h.db.prisma.trainingRun.findMany({ where: { id: { in: runs.map((r) => r.id) } } }),
      (rs) => rs.every((r) => r.status === 'SUCCEEDED' || r.status === 'FAILED'),
      240_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${lines.slice(-30).join('\n')}`);
    });
    for (const r of done) expect(r.status, `${r.id}: ${r.error}\n${lines.slice(-20).join('\n')}`).toBe('SUCCEEDED');
    // The watched run trained entirely after the restart, and its epochs arrived live.
    await Promise.race([sse.done, new Promise((r) => setTimeout(r, 15_000))]);
    ctrl.abort();
    const liveLoss = sse.events.filter((e) => e.event === 'metrics' && e.data.source === 'live').flatMap((e) => (e.data.points as Array<{ key: string; step: number }>).filter((p) => p.key === 'loss').map((p) => p.step));
    expect([...new Set(liveLoss)].sort((a, b) => a - b)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(sse.events.at(-1)).toMatchObject({ event: 'end', data: { status: 'SUCCEEDED' } });

    // Exactly once: one start per job in the worker's log, one attempt per record, one model per
    // run, each epoch's metric point once.
    for (const r of runs) {
      const starts = lines.filter((l) => l.includes('"job started"') && l.includes(`"jobId":"${r.jobId}"`));
      expect(starts, `job ${r.jobId} starts:\n${starts.join('\n')}`).toHaveLength(1);
      const rec = await waitFor(() => db.prisma.jobRecord.findUniqueOrThrow({ where: { id: r.jobId } }), (x) => x.status !== 'RUNNING', 30_000);
      expect(rec).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
      expect(await db.prisma.modelVersion.count({ where: { runId: r.id } })).toBe(1);
      const loss = await db.prisma.runMetric.findMany({ where: { runId: r.id, key: 'loss' }, select: { step: true }, orderBy: { step: 'asc' } });
      expect(loss.map((m) => m.step)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
      expect(await queue.getJobState(r.jobId)).toBe('completed');
    }
    // The worker rode through the restart: same process, no crash, still taking work.
    expect(worker.proc.exitCode).toBeNull();
    const after = await startRun();
    expect(after.status, after.text).toBe(202);
    const last = await waitFor(() => h.db.prisma.trainingRun.findUniqueOrThrow({ where: { id: after.json<{ id: string }>().id } }), (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED', 120_000);
    expect(last.status).toBe('SUCCEEDED');
  }, 600_000);
});
