// Retraining triggers in a real browser: a breast-cancer model trained here and put in production,
// then a METRIC_THRESHOLD trigger created through the form (a threshold that is not a number is
// refused next to its field), production metrics under the threshold reported through the API,
// and the trigger page showing the launch with its run, the risk, the metric chart and "evaluate now".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, signUpWithProject, until, useDashboard } from './harness';

const ui = useDashboard({ name: 'triggers', defaultTimeout: 20_000, failurePrefix: 'triggers-failed-' });
let orgId = '';
let projectId = '';
let modelId = '';
let triggerId = '';

describe('retraining triggers in a real browser', () => {
  it('trains a model and puts it in production (through the dashboard proxy)', async () => {
    const r = ui.page.request;
    ({ orgId, projectId } = await signUpWithProject(ui, { emailPrefix: 'trig', name: 'Tess Trigger', organizationName: 'Retrain Labs', project: 'Tumour triage' }));
    const ds = (await (await r.post(`${ui.webUrl}/api/orgs/${orgId}/projects/${projectId}/datasets`, { data: { name: 'Breast cancer' } })).json()) as { id: string };
    const up = await r.post(`${ui.webUrl}/api/orgs/${orgId}/datasets/${ds.id}/versions`, {
      multipart: { targetColumn: 'target', file: { name: 'breast-cancer-wisconsin.csv', mimeType: 'text/csv', buffer: readFileSync(join(repoRoot, 'datasets/breast-cancer-wisconsin.csv')) } },
    });
    expect(up.status()).toBe(201);
    const dv = ((await up.json()) as { version: { id: string } }).version.id;
    await until(async () => ((await (await r.get(`${ui.webUrl}/api/orgs/${orgId}/datasets/${ds.id}/versions/${dv}`)).json()) as { profileStatus: string }).profileStatus, (s) => s === 'READY', 60_000);
    const run = await r.post(`${ui.webUrl}/api/orgs/${orgId}/runs`, { data: { projectId, datasetVersionId: dv, labelColumn: 'target', preset: 'mlp-classifier', epochs: 2 } });
    expect(run.status()).toBe(202);
    const runId = ((await run.json()) as { id: string }).id;
    const done = await until(async () => (await (await r.get(`${ui.webUrl}/api/orgs/${orgId}/runs/${runId}`)).json()) as { status: string; modelVersionId: string | null }, (x) => x.status !== 'QUEUED' && x.status !== 'RUNNING', 180_000);
    expect(done.status).toBe('SUCCEEDED');
    modelId = done.modelVersionId!;
    expect((await r.post(`${ui.webUrl}/api/orgs/${orgId}/models/${modelId}/aliases/production`, { data: { reason: 'first model' } })).status()).toBe(200);
  }, 240_000);

  it('creates a metric trigger through the form, the bad threshold refused next to its field', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/retraining/triggers`);
    await ui.page.getByText('No retraining triggers yet').waitFor();
    await ui.page.getByRole('button', { name: 'New trigger' }).click();
    const form = ui.page.getByRole('form', { name: 'New trigger' });
    await form.getByLabel('Launch retraining when').selectOption('METRIC_THRESHOLD');
    await form.getByLabel('Name').fill('Accuracy floor');
    await form.getByLabel('Production metric').fill('accuracy');
    await form.getByLabel('Threshold').fill('ninety');
    await form.getByRole('button', { name: 'Create trigger' }).click();
    // The API's 422 names config.threshold; the form shows it under the Threshold field.
    await form.locator('.field-error').first().waitFor();
    await expect(form.locator('.field-error').first().textContent()).resolves.toBe('must be a number, e.g. 0.9');
    await ui.shot('triggers-01-bad-threshold');
    await form.getByLabel('Threshold').fill('0.9');
    await form.getByLabel('Cooldown (minutes)').fill('60');
    await form.getByRole('button', { name: 'Create trigger' }).click();
    await ui.page.waitForURL(/\/retraining\/triggers\/[A-Za-z0-9_-]+$/);
    triggerId = ui.page.url().split('/').pop()!;
    await ui.page.getByText('accuracy < 0.9 (mean over 60 min, from 1 obs.)').first().waitFor();
    await ui.page.getByText('Nothing judged yet.').waitFor();
  });

  it('shows the launch, its run and risk, the production metric chart, and evaluates now', async () => {
    const at = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const res = await ui.page.request.post(`${ui.webUrl}/api/orgs/${orgId}/models/${modelId}/production-metrics`, {
      data: { observations: [0.62, 0.6, 0.58].map((value, i) => ({ metric: 'accuracy', value, observedAt: at(120 - i * 30) })) },
    });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { evaluations: Array<{ launch: { status: string } | null }> };
    expect(body.evaluations[0].launch?.status).toBe('STARTED');
    await ui.page.reload();
    const checks = ui.page.getByRole('region', { name: 'Checks' });
    await checks.getByText('fired').waitFor();
    await checks.getByRole('link', { name: 'run (started)' }).waitFor();
    await checks.getByRole('link', { name: 'risk' }).waitFor();
    await expect(ui.page.getByRole('img', { name: /accuracy: latest 0\.580, thresholds 0\.9/ }).count()).resolves.toBe(1);
    await ui.page.getByRole('button', { name: 'Evaluate now' }).click();
    await ui.page.getByText('The condition holds, but the trigger would not launch now.').waitFor();
    await ui.shot('triggers-02-detail');
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/retraining/triggers`);
    await ui.page.getByRole('link', { name: 'Accuracy floor' }).waitFor();
    await expect(ui.page.getByRole('region', { name: 'Triggers' }).getByText('1 / 1').count()).resolves.toBe(1);
    await ui.page.getByRole('region', { name: 'Production metrics' }).getByRole('img').first().waitFor();
    await ui.shot('triggers-03-list');
    // Disable from the detail page: the state flips and the list says so.
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/retraining/triggers/${triggerId}`);
    await ui.page.getByRole('button', { name: 'Disable' }).click();
    await ui.page.getByRole('button', { name: 'Enable' }).waitFor();
    expect(ui.pageErrors).toEqual([]);
  });
});
