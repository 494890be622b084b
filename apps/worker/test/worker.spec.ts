// The real apps/worker process (TypeScript sources through SWC, see test/swc-register.cjs) against
// the real PostgreSQL and Redis: it completes a project.export queued through the queue adapter,
// and on SIGTERM mid-job it either finishes the job or releases it to the next worker; none is lost.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, newId, postgresReachable, type TestDatabase } from '@meridian/db';
import { JobName } from '@meridian/domain';
import { createTestQueue, redisReachable, type TestQueue } from '@meridian/queue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const strict = !!process.env.CI && process.env.CI !== 'false';
const [pgUp, redisUp] = await Promise.all([postgresReachable(), redisReachable()]);
const down = [!pgUp && 'PostgreSQL at 127.0.0.1:5432', !redisUp && 'Redis at 127.0.0.1:6379'].filter(Boolean).join(' and ');
if (down && strict) throw new Error(`${down} not reachable: the worker process tests need both (apps/worker has no embedded mode). Start them.`);
if (down) console.warn(`[worker tests] ${down} not reachable: the worker process tests are not run (the worker needs both).`);

interface WorkerProc {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function startWorker(env: Record<string, string>): Promise<WorkerProc> {
  const child = spawn(process.execPath, ['-r', join(__dirname, 'swc-register.cjs'), join(__dirname, '..', 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, CI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buf = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const rec = JSON.parse(line) as Record<string, unknown>;
          lines.push(rec);
          if (rec.msg === 'worker ready') resolve({ child, lines, exited });
        } catch {
          // not a log line
        }
      }
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before ready:\n${lines.map((l) => JSON.stringify(l)).join('\n')}\n${stderr}`)));
  });
}

describe.runIf(!down)('apps/worker process', () => {
  let db: TestDatabase;
  let tq: TestQueue;
  let workers: WorkerProc[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase({ mode: 'postgres' });
    tq = await createTestQueue('bullmq');
    env = { DATABASE_URL: db.url!, REDIS_URL: tq.redisUrl!, QUEUE_PREFIX: tq.prefix!, WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info' };
  });
  afterEach(async () => {
    for (const w of workers) {
      if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await w.exited;
    }
    workers = [];
  });
  afterAll(async () => {
    await tq?.close();
    await db?.close();
  });

  async function seedExport() {
    const orgId = newId();
    await db.prisma.organization.create({ data: { id: orgId, name: 'Acme', slug: `acme-${orgId}` } });
    const projectId = newId();
    await db.prisma.project.create({ data: { id: projectId, organizationId: orgId, name: 'Search ranking', startupMode: 'PLATFORM', businessModel: 'API_SUBSCRIPTION' } });
    const recordId = newId();
    const payload = { jobRecordId: recordId, organizationId: orgId, projectId };
    await db.prisma.jobRecord.create({ data: { id: recordId, organizationId: orgId, name: JobName.ProjectExport, payload } });
    return { recordId, payload };
  }

  async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Holds the JobRecord row locked, so the worker's first write blocks: the job is in hand, mid-way. */
  async function lockRecord(recordId: string) {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query('BEGIN');
    await c.query('SELECT id FROM "JobRecord" WHERE id = $1 FOR UPDATE', [recordId]);
    return async () => {
      await c.query('COMMIT');
      await c.end();
    };
  }

  it('completes a project.export queued through the queue adapter', async () => {
    workers.push(await startWorker(env));
    const { recordId, payload } = await seedExport();
    const { id } = await tq.queue.add(JobName.ProjectExport, payload, { jobId: `export-${recordId}` });
    const rec = await waitFor(() => db.prisma.jobRecord.findUniqueOrThrow({ where: { id: recordId } }), (r) => r.status === 'SUCCEEDED', 'SUCCEEDED');
    expect(rec).toMatchObject({ attempts: 1, progress: 100, error: null });
    expect((rec.result as { project: { name: string } }).project.name).toBe('Search ranking');
    // The record is written inside the handler; the queue marks the job completed just after.
    await waitFor(() => tq.queue.getJobState(id), (s) => s === 'completed', 'completed in the queue');
  });

  it('passes its container health check when PostgreSQL and Redis answer', () => {
    const run = spawnSync(process.execPath, ['-r', join(__dirname, 'swc-register.cjs'), join(__dirname, '..', 'src', 'healthcheck.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('on SIGTERM mid-job, finishes the job in hand when it can within the timeout, then exits 0', async () => {
    const w = await startWorker({ ...env, WORKER_SHUTDOWN_TIMEOUT_MS: '15000' });
    workers.push(w);
    const { recordId, payload } = await seedExport();
    const unlock = await lockRecord(recordId);
    const { id } = await tq.queue.add(JobName.ProjectExport, payload, { jobId: `export-${recordId}` });
    await waitFor(() => tq.queue.getJobState(id), (s) => s === 'active', 'active');
    w.child.kill('SIGTERM');
    await waitFor(async () => w.lines.some((l) => l.msg === 'worker stopping: finishing or releasing the jobs in hand'), Boolean, 'stopping');
    await unlock();
    expect(await w.exited).toBe(0);
    expect(await tq.queue.getJobState(id)).toBe('completed');
    expect((await db.prisma.jobRecord.findUniqueOrThrow({ where: { id: recordId } })).status).toBe('SUCCEEDED');
  });

  it('on SIGTERM past the timeout, releases the job in hand; the next worker completes it, the try uncounted', async () => {
    const w = await startWorker({ ...env, WORKER_SHUTDOWN_TIMEOUT_MS: '500' });
    workers.push(w);
    const { recordId, payload } = await seedExport();
    const unlock = await lockRecord(recordId);
    const { id } = await tq.queue.add(JobName.ProjectExport, payload, { jobId: `export-${recordId}`, attempts: 1 });
    await waitFor(() => tq.queue.getJobState(id), (s) => s === 'active', 'active');
    w.child.kill('SIGTERM');
    // The job goes back to the queue well before BullMQ's 30 s lock expiry would have freed it.
    await waitFor(() => tq.queue.getJobState(id), (s) => s === 'waiting' || s === 'delayed', 'released', 20_000);
    await unlock();
    expect(await w.exited).toBe(0);

    workers.push(await startWorker(env));
    const rec = await waitFor(() => db.prisma.jobRecord.findUniqueOrThrow({ where: { id: recordId } }), (r) => r.status === 'SUCCEEDED', 'SUCCEEDED');
    // attempts: 1 allowed one try: the released one did not count.
    expect(rec.attempts).toBe(1);
    await waitFor(() => tq.queue.getJobState(id), (s) => s === 'completed', 'completed in the queue');
  });
});
