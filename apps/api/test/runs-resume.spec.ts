// kill -9 mid-run: a real apps/worker process trains a run on Redis + PostgreSQL, is killed with
// SIGKILL after two epochs, and a second worker process picks the stalled job up (BullMQ's stalled
// check, ~30-60 s), resumes from the last checkpoint in the artifact store and finishes. Every
// epoch's metric point and log line exists exactly once: nothing duplicated, nothing lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId, postgresReachable } from '@meridian/db';
import { redisReachable } from '@meridian/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { createProject, signUp, startHarness, waitFor, type Harness } from './harness';

const root = join(__dirname, '..', '..', '..');
const strict = !!process.env.CI && process.env.CI !== 'false';
const embeddedForced = process.env.MERIDIAN_TEST_DB === 'pglite' || process.env.MERIDIAN_TEST_QUEUE === 'memory';
const [pgUp, redisUp] = await Promise.all([postgresReachable(), redisReachable()]);
const down = [!pgUp && 'PostgreSQL at 127.0.0.1:5432', !redisUp && 'Redis at 127.0.0.1:6379'].filter(Boolean).join(' and ');
if (down && strict) throw new Error(`${down} not reachable: the kill -9 resume test needs both. Start them.`);
if (down || embeddedForced) console.warn(`[runs-resume] not run: ${down ? `${down} not reachable` : 'embedded mode forced'} (separate workers need PostgreSQL and Redis).`);

const EPOCHS = 10;

describe.runIf(!down && !embeddedForced)('a worker killed with SIGKILL mid-run', () => {
  let h: Harness;
  let artifactsDir: string;
  const workers: ChildProcess[] = [];
  const lines: string[] = [];

  function startWorker(tag: string): ChildProcess {
    const cfg = h.api.config;
    const w = spawn(process.execPath, ['-r', join(root, 'apps/worker/test/swc-register.cjs'), join(root, 'apps/worker/src/main.ts')], {
      cwd: root,
      env: { ...process.env, CI: '', DATABASE_URL: cfg.DATABASE_URL!, REDIS_URL: cfg.REDIS_URL!, QUEUE_PREFIX: cfg.QUEUE_PREFIX, WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info', ARTIFACTS_DIR: artifactsDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    w.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean).map((l) => `[${tag}] ${l}`)));
    w.stderr!.on('data', (d: Buffer) => lines.push(`[${tag}] ${d.toString()}`));
    workers.push(w);
    return w;
  }
  const ready = (tag: string) =>
    waitFor(async () => lines.some((l) => l.startsWith(`[${tag}]`) && l.includes('"worker ready"')), Boolean, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}\nworker output:\n${lines.join('\n')}`);
    });

  beforeAll(async () => {
    artifactsDir = await mkdtemp(join(tmpdir(), 'runs-resume-artifacts-'));
    h = await startHarness({ JOBS_IN_PROCESS: 'false', ARTIFACTS_DIR: artifactsDir });
    expect(h.mode).toEqual({ db: 'postgres', queue: 'bullmq' });
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await h?.close();
    await rm(artifactsDir, { recursive: true, force: true });
  });

  it('the retried job resumes from the last checkpoint and no metric point is duplicated or lost', async () => {
    const u = await signUp(h);
    const projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
    const bytes = await readFile(join(root, 'datasets/digits-8x8.csv'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const datasetId = newId();
    const key = `datasets/${u.orgId}/${datasetId}/${sha}.csv`;
    await h.api.app.get<ArtifactStore>(ARTIFACT_STORE).put(key, bytes);
    await h.db.prisma.dataset.create({ data: { id: datasetId, organizationId: u.orgId, projectId, name: 'digits' } });
    const datasetVersionId = newId();
    await h.db.prisma.datasetVersion.create({ data: { id: datasetVersionId, organizationId: u.orgId, datasetId, version: 1, contentHash: sha, sizeBytes: BigInt(bytes.length), format: 'CSV', fileName: 'digits-8x8.csv', artifactKey: key, rowCount: 1797 } });

    const first = startWorker('w1');
    await ready('w1');
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/runs`, cookie: u.cookie, body: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: EPOCHS } });
    expect(res.status, res.text).toBe(202);
    const runId = res.json<{ id: string }>().id;
    const getRun = async () => (await h.request({ url: `/api/orgs/${u.orgId}/runs/${runId}`, cookie: u.cookie })).json<{ status: string; epochsDone: number; modelVersionId: string | null; error: string | null; jobId: string }>();

    await waitFor(getRun, (r) => r.epochsDone >= 2 || r.status === 'FAILED', 90_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await getRun();
    expect(atKill.status).toBe('RUNNING');
    expect(atKill.epochsDone).toBeLessThan(EPOCHS);

    startWorker('w2');
    await ready('w2');
    const done = await waitFor(getRun, (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED', 150_000).catch((e: Error) => {
      throw new Error(`${e.message}\nworker output:\n${lines.slice(-40).join('\n')}`);
    });
    expect(done.status, `${done.error}\n${lines.slice(-20).join('\n')}`).toBe('SUCCEEDED');
    expect(done.epochsDone).toBe(EPOCHS);
    expect(done.modelVersionId).toBeTruthy();
    // The second attempt started from a checkpoint (0-based epoch of the checkpoint it loaded), not from scratch.
    // The record is closed just after the run (the job wrapper writes it when the handler returns).
    const job = await waitFor(() => h.db.prisma.jobRecord.findUnique({ where: { id: done.jobId } }), (j) => j?.status !== 'RUNNING', 30_000);
    expect(job?.status).toBe('SUCCEEDED');
    expect((job?.result as { resumedFromEpoch: number | null }).resumedFromEpoch).toBeGreaterThanOrEqual(1);

    const rows = await h.db.prisma.runMetric.findMany({ where: { runId }, select: { key: true, step: true } });
    const steps = (k: string) => rows.filter((r) => r.key === k).map((r) => r.step).sort((a, b) => a - b);
    const all = Array.from({ length: EPOCHS }, (_, i) => i + 1);
    expect(steps('loss')).toEqual(all);
    expect(steps('val_loss')).toEqual(all);
    expect(steps('accuracy')).toEqual(all);
    // digits: 1,437 training rows / batch 32 = 45 batches per epoch; a point every 10 batches = 5 per epoch.
    const batch = steps('batch_loss');
    expect(batch).toEqual(Array.from({ length: EPOCHS }, (_, e) => [0, 10, 20, 30, 40].map((b) => e * 45 + b)).flat());
    expect(await h.db.prisma.modelVersion.count({ where: { runId } })).toBe(1);

    // Log lines: each epoch's line exactly once (it commits with that epoch's checkpoint row, so the
    // resumed attempt redoes only epochs whose line never landed), the resume itself, one seq per line.
    const log = await h.db.prisma.runLog.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
    const epochLines = log.map((l) => /^epoch (\d+)\/\d+: /.exec(l.message)?.[1]).filter(Boolean).map(Number);
    expect(epochLines).toEqual(all);
    expect(log.some((l) => /^resuming from the checkpoint after epoch \d+$/.test(l.message))).toBe(true);
    expect(log.filter((l) => l.message.startsWith('succeeded after'))).toHaveLength(1);
    // Finished: no attempt resumes it any more, so its checkpoints left the database and the store.
    expect(await h.db.prisma.checkpoint.count({ where: { runId } })).toBe(0);
    const store = h.api.app.get<ArtifactStore>(ARTIFACT_STORE);
    for (let e = 1; e <= EPOCHS; e++) expect(await store.exists(`runs/${runId}/checkpoints/epoch-${String(e).padStart(5, '0')}.pack`)).toBe(false);
  }, 360_000);
});
