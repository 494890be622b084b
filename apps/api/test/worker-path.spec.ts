// The production path across processes: this API (processors off) queues project.export on Redis,
// the real apps/worker process (its TypeScript sources, through its SWC register hook) completes it
// against the same PostgreSQL, and the API serves the SUCCEEDED job. Needs both servers; under CI
// their absence is an error, elsewhere the suite is skipped with a note.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { postgresReachable } from '@meridian/db';
import { redisReachable } from '@meridian/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, signUp, startHarness, waitFor, type Harness } from './harness';

const root = join(__dirname, '..', '..', '..');
const strict = !!process.env.CI && process.env.CI !== 'false';
const embeddedForced = process.env.MERIDIAN_TEST_DB === 'pglite' || process.env.MERIDIAN_TEST_QUEUE === 'memory';
const [pgUp, redisUp] = await Promise.all([postgresReachable(), redisReachable()]);
const down = [!pgUp && 'PostgreSQL at 127.0.0.1:5432', !redisUp && 'Redis at 127.0.0.1:6379'].filter(Boolean).join(' and ');
if (down && strict) throw new Error(`${down} not reachable: the API + worker process test needs both. Start them.`);
if (down || embeddedForced) console.warn(`[worker-path] not run: ${down ? `${down} not reachable` : 'embedded mode forced'} (separate workers need PostgreSQL and Redis).`);

describe.runIf(!down && !embeddedForced)('API queues, apps/worker completes', () => {
  let h: Harness;
  let worker: ChildProcess | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ JOBS_IN_PROCESS: 'false' });
    expect(h.mode).toEqual({ db: 'postgres', queue: 'bullmq' });
    const cfg = h.api.config;
    worker = spawn(process.execPath, ['-r', join(root, 'apps/worker/test/swc-register.cjs'), join(root, 'apps/worker/src/main.ts')], {
      cwd: root,
      env: { ...process.env, CI: '', DATABASE_URL: cfg.DATABASE_URL!, REDIS_URL: cfg.REDIS_URL!, QUEUE_PREFIX: cfg.QUEUE_PREFIX, WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    worker.stderr!.on('data', (d: Buffer) => lines.push(d.toString()));
    await waitFor(async () => lines.some((l) => l.includes('"worker ready"')), Boolean, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}\nworker output:\n${lines.join('\n')}`);
    });
  }, 90_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await h?.close();
  });

  it('the export queued over HTTP is completed by the worker process', async () => {
    const u = await signUp(h);
    const p = await createProject(h, { cookie: u.cookie }, u.orgId, { name: 'Cross-process export' });
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects/${p.id}/exports`, cookie: u.cookie });
    expect(res.status).toBe(202);
    const jobId = res.json<{ id: string }>().id;
    const job = await waitFor(
      async () => (await h.request({ url: `/api/orgs/${u.orgId}/jobs/${jobId}`, cookie: u.cookie })).json<{ status: string; result: { project: { name: string } } | null }>(),
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
      60_000,
    );
    expect(job.status, lines.join('\n')).toBe('SUCCEEDED');
    expect(job.result!.project.name).toBe('Cross-process export');
    expect(lines.some((l) => l.includes(jobId))).toBe(true);
  });
});
