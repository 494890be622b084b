// Run logs, checkpoint clean-up and the currency of compute costs, on the real stack (embedded job
// runner, real PostgreSQL when reachable): a digits run writes its log lines to RunLog (paged with
// after/limit, pushed live over SSE, readable by a viewer, 404 for another organisation), its
// checkpoints leave the database and the artifact folder once the model is registered (or the run
// is cancelled), and an organisation keeping USD books gets its training cost in USD, counted in
// budget vs actual.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId } from '@meridian/db';
import type { RunLogLine, RunLogPage } from '@meridian/domain';
import { checkpointKey, discardRunArtifacts, modelPackKey, writeRunLogRows } from '@meridian/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { createProject, memberOf, signUp, startHarness, waitFor, type Harness, type TestUser } from './harness';
import { digitsVersion, readSse } from './runs-ops.helpers';

type Run = { id: string; status: string; epochsDone: number; error: string | null; modelVersionId: string | null; cost: { minor: number; currency: string } | null; jobId: string | null };

let h: Harness;
let store: ArtifactStore;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let projectId: string;
let datasetVersionId: string;
let artifactsDir: string;

const getRun = async (id: string) => (await h.request({ url: `/api/orgs/${owner.orgId}/runs/${id}`, cookie: owner.cookie })).json<Run>();
const startRun = (epochs: number) =>
  h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/runs`, cookie: owner.cookie, body: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs } });
const logs = (runId: string, q = '', who: TestUser = owner, orgId = owner.orgId) => h.request({ url: `/api/orgs/${orgId}/runs/${runId}/logs${q}`, cookie: who.cookie });
/** Files of the run under the local artifact folder (objects and their .meta sidecars). */
async function filesOf(runId: string): Promise<string[]> {
  const out: string[] = [];
  for (const base of [join(artifactsDir, 'runs', runId), join(artifactsDir, '.meta', 'runs', runId)]) {
    if (!existsSync(base)) continue;
    for (const e of await readdir(base, { recursive: true, withFileTypes: true })) if (e.isFile()) out.push(join(e.parentPath, e.name).slice(artifactsDir.length + 1));
  }
  return out.sort();
}

beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'run-logs-artifacts-'));
  // The default run currency stays EUR: the organisation's books (USD) must win over it.
  h = await startHarness({ ARTIFACTS_DIR: artifactsDir, RUN_COST_CURRENCY: 'EUR' });
  store = h.api.app.get<ArtifactStore>(ARTIFACT_STORE);
  owner = await signUp(h);
  viewer = await memberOf(h, owner, 'VIEWER');
  stranger = await signUp(h);
  projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId)).id;
  datasetVersionId = await digitsVersion(h, owner.orgId, projectId);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await rm(artifactsDir, { recursive: true, force: true });
});

describe(`run logs, checkpoint clean-up and cost currency (${process.env.MERIDIAN_TEST_DB ?? 'auto'} db)`, () => {
  let runId: string;
  let costMinor: number;

  it('a USD-books organisation: the estimate and the run cost are in USD, and budget vs actual counts the cost', async () => {
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    const budget = await h.request({
      method: 'POST',
      url: `/api/orgs/${owner.orgId}/finance/budgets`,
      cookie: owner.cookie,
      body: { projectId, category: 'COMPUTE', amount: { minor: 100_000, currency: 'USD' }, periodStart: monthStart, periodEnd: monthEnd },
    });
    expect(budget.status, budget.text).toBe(201);

    const est = await h.request({ url: `/api/orgs/${owner.orgId}/runs/estimate?datasetVersionId=${datasetVersionId}&preset=mlp-classifier&epochs=2&backend=wasm`, cookie: owner.cookie });
    expect(est.status, est.text).toBe(200);
    expect(est.json<{ currency: string }>().currency).toBe('USD');

    const res = await startRun(2);
    expect(res.status, res.text).toBe(202);
    runId = res.json<Run>().id;
    const base = await h.api.listen(0);
    const ctrl = new AbortController();
    const sse = readSse(`${base}/api/orgs/${owner.orgId}/runs/${runId}/events?logsAfter=0`, { cookie: owner.cookie }, ctrl.signal);

    const done = await waitFor(() => getRun(runId), (r) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r.status), 150_000);
    expect(done.status, done.error ?? '').toBe('SUCCEEDED');
    expect(done.cost?.currency).toBe('USD');
    costMinor = done.cost!.minor;
    expect(costMinor).toBeGreaterThanOrEqual(1);
    const entry = await h.db.prisma.costEntry.findFirstOrThrow({ where: { organizationId: owner.orgId, externalRef: `run:${runId}` } });
    expect(entry.currency).toBe('USD');
    expect(Number(entry.amountMinor)).toBe(costMinor);

    const summary = await h.request({ url: `/api/orgs/${owner.orgId}/finance/summary`, cookie: owner.cookie });
    expect(summary.status, summary.text).toBe(200);
    const s = summary.json<{ currency: string; budgets: Array<{ projectId: string; category: string; actual: { minor: number; currency: string } }>; excluded: { count: number } }>();
    expect(s.currency).toBe('USD');
    expect(s.excluded.count).toBe(0);
    expect(s.budgets.find((b) => b.projectId === projectId && b.category === 'COMPUTE')?.actual).toEqual({ minor: costMinor, currency: 'USD' });

    // Live lines on the run's stream (in-process channel here): the epoch lines arrived before the end.
    await Promise.race([sse.done, new Promise((r) => setTimeout(r, 5_000))]);
    ctrl.abort();
    const streamed = sse.events.filter((e) => e.event === 'logs').flatMap((e) => e.data.lines as RunLogLine[]);
    expect(streamed.some((l) => /^epoch 1\/2: loss /.test(l.message))).toBe(true);
    expect(new Set(streamed.map((l) => l.seq)).size).toBe(streamed.length);
  }, 200_000);

  it('the run wrote its lines in order: attempt, backend, one line per epoch, success', async () => {
    const res = await logs(runId, '?limit=1000');
    expect(res.status, res.text).toBe(200);
    const page = res.json<RunLogPage>();
    expect(page.nextAfter).toBeNull();
    const lines = page.lines;
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    const text = lines.map((l) => l.message);
    expect(text[0]).toMatch(/^attempt 1 of \d+ started/);
    expect(text.find((m) => m.startsWith('backend '))).toMatch(/^backend (wasm|cpu|tensorflow)\S* on (cpu|gpu) .*1437 training rows, 2 epochs/);
    expect(text.filter((m) => /^epoch 1\/2: loss \d/.test(m))).toHaveLength(1);
    expect(text.filter((m) => /^epoch 2\/2: loss \d.*val_accuracy \d/.test(m))).toHaveLength(1);
    expect(text.find((m) => m.startsWith('succeeded'))).toMatch(new RegExp(`^succeeded after 2 epochs, test accuracy 0\\.\\d{4}; registered as model version 1; .*cost USD ${(costMinor / 100).toFixed(2)}$`));
    expect(lines.every((l) => l.level === 'INFO' && l.attempt === 1 && !Number.isNaN(Date.parse(l.time)))).toBe(true);

    // Written again (a retried batch): ON CONFLICT DO NOTHING keeps one row per seq.
    const rows = await h.db.prisma.runLog.findMany({ where: { runId } });
    await writeRunLogRows(h.db.prisma, rows.map((r) => ({ ...r, message: 'a duplicate' })));
    expect(await h.db.prisma.runLog.count({ where: { runId } })).toBe(lines.length);
    expect(await h.db.prisma.runLog.count({ where: { runId, message: 'a duplicate' } })).toBe(0);
  });

  it('pages with after and limit; a viewer reads; bad paging answers 400; another organisation gets 404', async () => {
    const all = (await logs(runId, '?limit=1000')).json<RunLogPage>().lines;
    const seen: RunLogLine[] = [];
    let after: number | null = 0;
    let pages = 0;
    while (after !== null) {
      const res = await logs(runId, `?after=${after}&limit=2`);
      expect(res.status).toBe(200);
      const page: RunLogPage = res.json<RunLogPage>();
      expect(page.lines.length).toBeLessThanOrEqual(2);
      seen.push(...page.lines);
      after = page.nextAfter;
      pages++;
    }
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
    const tail = (await logs(runId, `?after=${all[all.length - 2].seq}`)).json<RunLogPage>();
    expect(tail.lines.map((l) => l.seq)).toEqual([all[all.length - 1].seq]);
    expect(tail.nextAfter).toBeNull();

    const v = await logs(runId, '', viewer);
    expect(v.status).toBe(200);
    expect(v.json<RunLogPage>().lines.length).toBe(Math.min(all.length, 200));

    for (const q of ['?after=-1', '?after=abc', '?limit=0', '?limit=5000']) {
      const bad = await logs(runId, q);
      expect(bad.status, q).toBe(400);
      expect(bad.json<{ error: { code: string; issues: Array<{ path: string }> } }>().error.issues[0].path).toBe(q.startsWith('?after') ? 'query.after' : 'query.limit');
    }
    // Another organisation: not a member of the run's organisation, and the run is not in its own.
    expect((await logs(runId, '', stranger)).status).toBe(404);
    expect((await logs(runId, '', stranger, stranger.orgId)).status).toBe(404);
    expect((await logs('no-such-run')).status).toBe(404);
  });

  it('deletes the checkpoints of a SUCCEEDED run (rows and objects) and keeps its registered model pack', async () => {
    expect(await h.db.prisma.checkpoint.count({ where: { runId } })).toBe(0);
    expect(await filesOf(runId)).toEqual([`.meta/runs/${runId}/model.pack.json`, `runs/${runId}/model.pack`]);
    const mv = await h.db.prisma.modelVersion.findUniqueOrThrow({ where: { runId } });
    expect(mv.artifactKey).toBe(modelPackKey(runId));
    // Running the clean-up again (a redelivered job) keeps the pack a ModelVersion holds.
    await expect(discardRunArtifacts(h.db.prisma, store, runId)).resolves.toEqual({ checkpoints: 0, modelPack: false });
    expect(await store.exists(mv.artifactKey)).toBe(true);
  });

  it('a cancelled run loses its checkpoints and logs why; an unregistered model pack is deleted with them', async () => {
    const res = await startRun(200);
    expect(res.status, res.text).toBe(202);
    const id = res.json<Run>().id;
    await waitFor(() => h.db.prisma.checkpoint.count({ where: { runId: id } }), (n) => n >= 1, 90_000);
    expect((await filesOf(id)).some((f) => f.startsWith(`runs/${id}/checkpoints/epoch-`))).toBe(true);

    const c = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/runs/${id}/cancel`, cookie: owner.cookie });
    expect(c.status, c.text).toBe(200);
    const lines = await waitFor(
      async () => (await logs(id, '?limit=1000')).json<RunLogPage>().lines,
      (ls) => ls.some((l) => l.level === 'WARN' && /^cancelled after epoch \d+ of 200; its checkpoints are deleted$/.test(l.message)),
      60_000,
    );
    expect(lines.filter((l) => /^epoch \d+\/200: /.test(l.message)).length).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await h.db.prisma.jobRecord.findUniqueOrThrow({ where: { id: c.json<Run>().jobId! } })).finishedAt, (f) => f !== null, 30_000);
    expect(await h.db.prisma.checkpoint.count({ where: { runId: id } })).toBe(0);
    expect(await filesOf(id)).toEqual([]);
    expect(await h.db.prisma.modelVersion.count({ where: { runId: id } })).toBe(0);

    // What a kill or a cancel between two writes leaves behind: a checkpoint object without its row
    // (the epoch after the last one recorded) and a model pack no ModelVersion holds.
    const run = await h.db.prisma.trainingRun.findUniqueOrThrow({ where: { id } });
    await store.put(checkpointKey(id, run.epochsDone + 1), 'orphan checkpoint');
    await store.put(modelPackKey(id), 'orphan model');
    await h.db.prisma.checkpoint.create({ data: { id: newId(), runId: id, epoch: run.epochsDone, artifactKey: checkpointKey(id, run.epochsDone) } });
    await store.put(checkpointKey(id, run.epochsDone), 'recorded checkpoint');
    expect(await filesOf(id)).toHaveLength(6);
    await expect(discardRunArtifacts(h.db.prisma, store, id)).resolves.toEqual({ checkpoints: 1, modelPack: true });
    expect(await filesOf(id)).toEqual([]);
    expect(await h.db.prisma.checkpoint.count({ where: { runId: id } })).toBe(0);
  }, 150_000);

  it('a queued run cancelled before it trains keeps no checkpoint of an earlier attempt', async () => {
    // A run waiting for its retry: its checkpoint is what the next attempt would resume from. The
    // job never reaches the trainer once cancelled, so the cancel itself deletes it.
    const id = newId();
    await h.db.prisma.trainingRun.create({ data: { id, organizationId: owner.orgId, projectId, datasetVersionId, name: 'waiting retry', labelColumn: 'label', preset: 'mlp-classifier', status: 'QUEUED', epochsDone: 1, error: 'attempt 1 failed: worker lost' } });
    await store.put(checkpointKey(id, 1), 'checkpoint of attempt 1');
    await h.db.prisma.checkpoint.create({ data: { id: newId(), runId: id, epoch: 1, artifactKey: checkpointKey(id, 1) } });
    const c = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/runs/${id}/cancel`, cookie: owner.cookie });
    expect(c.status, c.text).toBe(200);
    expect(await h.db.prisma.checkpoint.count({ where: { runId: id } })).toBe(0);
    expect(await filesOf(id)).toEqual([]);
  });
});
