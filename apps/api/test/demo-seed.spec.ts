// The demo startup's model loop on Invoice Reader, end to end on the real parts: a production model
// trained here, five weeks of production accuracy drifting down, the metric trigger that fired once
// (check, launcher event, retraining run, TECHNICAL risk), the challenger the run trained and its
// comparison with the champion on the same test rows; feedback naming real model versions; and a
// second start of the API on the same database that changes nothing.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCardView } from '@meridian/domain';
import { createApp } from '../src/app';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { DatasetsService } from '../src/datasets/datasets.service';
import { RetrainTriggersService } from '../src/retraining/triggers/retraining-triggers.service';
import { DEMO_TRIGGER_NAME, OBSERVATION_DAYS, seedInvoiceModels } from '../src/seed/invoice-models-seed';
import { startHarness, uniqueIp, waitFor, type Harness } from './harness';

let h: Harness;
let cookie = '';
let orgId = '';
let projectId = '';
beforeAll(async () => {
  h = await startHarness({ SEED_DEMO: 'true', DEMO_PASSWORD: 'demo-password-123' });
  orgId = h.api.demo!.organizationId;
  const login = await h.request({ method: 'POST', url: '/api/auth/login', ip: uniqueIp(), body: { email: h.api.demo!.email, password: h.api.demo!.password } });
  expect(login.status, login.text).toBe(200);
  cookie = login.cookie!;
  projectId = (await h.db.prisma.project.findFirstOrThrow({ where: { organizationId: orgId, name: 'Invoice Reader' } })).id;
  // Start-up does not wait for the job runner: the retraining run trains and is compared in the background.
  await waitFor(
    () => h.db.prisma.modelComparison.findFirst({ where: { projectId }, select: { status: true } }),
    (c) => !!c && c.status !== 'QUEUED' && c.status !== 'RUNNING',
    180_000,
  );
}, 240_000);
afterAll(async () => h?.close());

async function counts() {
  const p = h.db.prisma;
  const org = { organizationId: orgId };
  return {
    modelVersions: await p.modelVersion.count({ where: org }),
    runs: await p.trainingRun.count({ where: org }),
    runMetrics: await p.runMetric.count({ where: { run: org } }),
    datasetVersions: await p.datasetVersion.count({ where: org }),
    aliases: await p.modelAlias.count({ where: { project: org } }),
    aliasEvents: await p.modelAliasEvent.count({ where: org }),
    triggers: await p.retrainTrigger.count({ where: org }),
    checks: await p.retrainTriggerCheck.count({ where: org }),
    events: await p.retrainEvent.count({ where: org }),
    comparisons: await p.modelComparison.count({ where: org }),
    observations: await p.modelMetricObservation.count({ where: org }),
    risks: await p.risk.count({ where: org }),
    feedback: await p.feedback.count({ where: org }),
    policies: await p.retrainPolicy.count({ where: org }),
    jobs: await p.jobRecord.count({ where: org }),
    audit: await p.auditLog.count({ where: org }),
  };
}

describe('demo seed: Invoice Reader models', () => {
  it('has version 1 in production and champion, version 2 from the retraining run as challenger, both real models', async () => {
    const versions = await h.db.prisma.modelVersion.findMany({ where: { projectId }, orderBy: { version: 'asc' }, include: { run: true, aliases: true } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const [v1, v2] = versions;
    expect(v1.aliases.map((a) => a.alias).sort()).toEqual(['champion', 'production']);
    expect(v2.aliases.map((a) => a.alias)).toEqual(['challenger']);
    // v2 was trained by the job runner from the launcher's run, on the dataset's second version.
    expect(v2.run).toMatchObject({ status: 'SUCCEEDED', preset: 'mlp-classifier', labelColumn: 'label', championModelVersionId: v1.id });
    expect(v2.run.retrainEventId).not.toBeNull();
    const dvs = await h.db.prisma.datasetVersion.findMany({ where: { id: { in: [v1.datasetVersionId!, v2.datasetVersionId!] } } });
    expect(dvs.find((d) => d.id === v1.datasetVersionId)!.version).toBe(1);
    expect(dvs.find((d) => d.id === v2.datasetVersionId)!.version).toBe(2);
    // Both artifacts load and predict; both have a model card.
    const row = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`px${i}`, i % 8 === 3 ? 12 : 0]));
    for (const v of versions) {
      const res = await h.request({ method: 'POST', url: `/api/orgs/${orgId}/models/${v.id}/predict`, cookie, body: { rows: [row] } });
      expect(res.status, res.text).toBe(200);
      const card = await h.request({ url: `/api/orgs/${orgId}/model-cards/${v.id}`, cookie });
      expect(card.status, card.text).toBe(200);
      expect(card.json<ModelCardView>().data.datasetVersion).not.toBeNull();
    }
    const acc = (v: (typeof versions)[number]) => (v.testMetrics as { accuracy: number }).accuracy;
    expect(acc(v1)).toBeGreaterThan(0.9);
    expect(acc(v2)).toBeGreaterThan(0.85);
  });

  it('has weeks of production accuracy drifting down and a metric trigger that fired once: check, event, run and risk', async () => {
    const prod = await h.db.prisma.modelAlias.findUniqueOrThrow({ where: { projectId_alias: { projectId, alias: 'production' } } });
    const obs = await h.db.prisma.modelMetricObservation.findMany({ where: { modelVersionId: prod.modelVersionId, metric: 'accuracy' }, orderBy: { observedAt: 'asc' } });
    expect(obs).toHaveLength(OBSERVATION_DAYS);
    const mean = (xs: typeof obs) => xs.reduce((s, o) => s + o.value, 0) / xs.length;
    expect(mean(obs.slice(0, 7))).toBeGreaterThan(0.9);
    expect(mean(obs.slice(-7))).toBeLessThan(0.9);
    expect(obs[obs.length - 1].observedAt.getTime() - obs[0].observedAt.getTime()).toBeGreaterThanOrEqual(28 * 86_400_000);

    const trigger = await h.db.prisma.retrainTrigger.findFirstOrThrow({ where: { projectId, name: DEMO_TRIGGER_NAME } });
    expect(trigger).toMatchObject({ kind: 'METRIC_THRESHOLD', enabled: true });
    expect(trigger.lastFiredAt).not.toBeNull();
    const checks = await h.db.prisma.retrainTriggerCheck.findMany({ where: { triggerId: trigger.id } });
    expect(checks).toHaveLength(1);
    const check = checks[0];
    expect(check).toMatchObject({ outcome: 'FIRED', launchStatus: 'STARTED', threshold: 0.9 });
    expect(check.score!).toBeLessThan(0.9);
    const event = await h.db.prisma.retrainEvent.findUniqueOrThrow({ where: { id: check.retrainEventId! } });
    expect(event).toMatchObject({ status: 'STARTED', causeKind: 'METRIC_THRESHOLD', triggerId: trigger.id, runId: check.runId });
    const run = await h.db.prisma.trainingRun.findUniqueOrThrow({ where: { id: check.runId! } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', retrainEventId: event.id });
    const risk = await h.db.prisma.risk.findUniqueOrThrow({ where: { id: check.riskId! } });
    expect(risk).toMatchObject({ category: 'TECHNICAL', projectId, modelVersionId: prod.modelVersionId });

    // The API answers the production metric chart and the trigger's history.
    const series = await h.request({ url: `/api/orgs/${orgId}/models/${prod.modelVersionId}/production-metrics`, cookie });
    expect(series.status, series.text).toBe(200);
    expect(JSON.stringify(series.json())).toContain('accuracy');
    const history = await h.request({ url: `/api/orgs/${orgId}/retraining/triggers/${trigger.id}/checks`, cookie });
    expect(history.status, history.text).toBe(200);
  });

  it('has the comparison of the challenger with the champion, both measured on the same test rows', async () => {
    const check = await h.db.prisma.retrainTriggerCheck.findFirstOrThrow({ where: { trigger: { projectId, name: DEMO_TRIGGER_NAME } } });
    const cmp = await h.db.prisma.modelComparison.findFirstOrThrow({ where: { runId: check.runId! } });
    const v1 = await h.db.prisma.modelVersion.findFirstOrThrow({ where: { projectId, version: 1 } });
    const v2 = await h.db.prisma.modelVersion.findFirstOrThrow({ where: { projectId, version: 2 } });
    expect(cmp).toMatchObject({ status: 'SUCCEEDED', trigger: 'RETRAIN', challengerId: v2.id, championId: v1.id, metric: 'accuracy', promoted: false });
    expect(cmp.challengerValue).not.toBeNull();
    expect(cmp.championValue).not.toBeNull();
    const split = cmp.testSplit as { rows: number; rowsSha256: string; datasetVersionId: string };
    expect(split.datasetVersionId).toBe(v2.datasetVersionId);
    expect(split.rows).toBe(cmp.testRows);
    expect(split.rowsSha256).toMatch(/^[0-9a-f]{64}$/);
    // Same rows: each report counts them, and the challenger's equals the test metrics its run stored.
    expect((cmp.challengerMetrics as { n: number }).n).toBe(cmp.testRows);
    expect((cmp.championMetrics as { n: number }).n).toBe(cmp.testRows);
    expect(cmp.challengerValue).toBeCloseTo((v2.testMetrics as { accuracy: number }).accuracy, 9);
    // Version 1 never saw the new scanner's scans: version 2 beats it on them.
    expect(cmp.winner).toBe('CHALLENGER');
    expect(cmp.challengerValue!).toBeGreaterThan(cmp.championValue!);
    const listed = await h.request({ url: `/api/orgs/${orgId}/model-comparisons?runId=${check.runId}`, cookie });
    expect(listed.status, listed.text).toBe(200);
  });

  it('gives the feedback real model versions of its project', async () => {
    const feedback = await h.db.prisma.feedback.findMany({ where: { organizationId: orgId }, select: { projectId: true, modelVersionId: true } });
    expect(feedback.length).toBeGreaterThan(100);
    const ids = [...new Set(feedback.map((f) => f.modelVersionId).filter((v): v is string => v !== null))];
    expect(ids.length).toBeGreaterThan(0);
    const versions = await h.db.prisma.modelVersion.findMany({ where: { id: { in: ids } }, select: { id: true, projectId: true } });
    expect(versions).toHaveLength(ids.length);
    for (const f of feedback) if (f.modelVersionId) expect(versions.find((v) => v.id === f.modelVersionId)!.projectId).toBe(f.projectId);
  });

  it('changes nothing when the API starts again on the same database', async () => {
    const before = await counts();
    const again = await createApp(h.api.config, { database: h.db, queue: h.queue, logger: pino({ level: 'silent' }) });
    try {
      expect(again.demo?.organizationId).toBe(orgId);
    } finally {
      await again.close();
    }
    const deps = { datasets: h.api.app.get(DatasetsService), triggers: h.api.app.get(RetrainTriggersService), artifacts: h.api.app.get(ARTIFACT_STORE), prisma: h.db.prisma };
    expect(await seedInvoiceModels(deps, orgId)).toMatchObject({ model: false, trigger: false, runStatus: 'SUCCEEDED', comparisonStatus: 'SUCCEEDED' });
    expect(await counts()).toEqual(before);
  });

  it("lets the owner take the demo's next step: promote the winning challenger to production through the gate", async () => {
    const v2 = await h.db.prisma.modelVersion.findFirstOrThrow({ where: { projectId, version: 2 } });
    // Both versions meet the project goal (accuracy >= 0.95 on their own test rows), so the gate passes.
    const res = await h.request({ method: 'POST', url: `/api/orgs/${orgId}/models/${v2.id}/aliases/production`, cookie, body: { reason: 'Beats version 1 on the new scanner scans (demo-seed test).' } });
    expect(res.status, res.text).toBe(200);
    const prod = await h.db.prisma.modelAlias.findUniqueOrThrow({ where: { projectId_alias: { projectId, alias: 'production' } } });
    expect(prod.modelVersionId).toBe(v2.id);
    expect(await h.db.prisma.modelAliasEvent.count({ where: { projectId, alias: 'production', toModelVersionId: v2.id } })).toBe(1);
  });
});
