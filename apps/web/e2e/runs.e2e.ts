// A training run in a real browser, end to end on the real parts: upload the repo's digits-8x8.csv
// through the dashboard (progress bar, proxy, artifact store), wait for the dataset.profile job,
// start an mlp-classifier run from the runs page after reading its cost estimate, watch the loss
// curve gain points while the run trains (server-sent events from the training.run job in its
// worker thread), see it finish SUCCEEDED with test metrics, then find its model version in the
// registry and follow the lineage back to the run; compare it with a run logged through the API;
// finally a JSON layer spec that does not fit the data (columns excluded) is refused next to its field,
// and once fixed it is started with its first answer lost: the retry's same Idempotency-Key makes one run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, signUpWithProject, useDashboard } from './harness';

// Enough epochs that the curve is seen growing for several seconds, few enough that the whole
// file stays well under a minute (an epoch of digits takes a fraction of a second here).
const EPOCHS = 40;

const ui = useDashboard({ name: 'runs', defaultTimeout: 30_000, failurePrefix: 'runs-failed-' });
let orgId = '';
let runId = '';

/** Points the dashboard has plotted for one series of the epoch loss chart (0 before the chart exists). */
const LOSS_LINE = 'svg[aria-label^="Loss per epoch"] polyline[data-series="train loss"]';
async function plottedEpochs(): Promise<number> {
  return ui.page.evaluate((sel) => Number(document.querySelector(sel)?.getAttribute('data-points') ?? 0), LOSS_LINE);
}

describe('a training run in a real browser', () => {
  it('uploads digits-8x8.csv with a progress bar and waits for its profile', async () => {
    ({ orgId } = await signUpWithProject(ui, { emailPrefix: 'runs', name: 'Rita Runs', organizationName: 'Digit Labs', project: 'Digit reader' }));

    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/datasets`);
    const create = ui.page.getByRole('form', { name: 'New dataset' });
    await create.getByLabel('Name').fill('digits');
    await create.getByRole('button', { name: 'Create dataset' }).click();
    await ui.page.waitForURL(/\/datasets\/[^/]+$/);
    const upload = ui.page.getByRole('form', { name: 'Upload a new version' });
    await upload.getByLabel(/^File/).setInputFiles(join(repoRoot, 'datasets/digits-8x8.csv'));
    await upload.getByLabel(/Label column/).fill('label');
    await upload.getByRole('button', { name: 'Upload' }).click();
    await ui.page.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
    await ui.page.waitForURL(/\/versions\/[^/?]+/);
    await ui.page.getByTestId('profile-status').filter({ hasText: 'Profiled' }).waitFor({ timeout: 60_000 });
    await ui.page.getByTestId('row-count').filter({ hasText: '1,797' }).waitFor();
    await ui.shot('runs-01-dataset-profiled');
  });

  it('starts an mlp-classifier run after showing its cost estimate', async () => {
    // From the profiled version's page: "Train a model" opens the runs page's form on that version.
    await ui.page.getByRole('link', { name: 'Train a model' }).click();
    await ui.page.waitForURL(/\/runs\?datasetVersionId=/);
    const form = ui.page.getByRole('form', { name: 'Start a run' });
    await expect(form.getByLabel('Project').inputValue()).resolves.toBeTruthy();
    await expect(form.getByLabel('Dataset version').locator('option:checked').textContent()).resolves.toMatch(/digits v1 \(digits-8x8\.csv, 1797 rows\)/);
    // The label column chosen at upload is preselected from the profiled columns.
    await expect(form.getByLabel('Label column').inputValue()).resolves.toBe('label');
    await expect(form.getByLabel('Preset').inputValue()).resolves.toBe('mlp-classifier');
    await form.getByLabel(/^Epochs/).fill(String(EPOCHS));
    const estimate = form.getByTestId('run-estimate');
    await estimate.filter({ hasText: `${EPOCHS} epochs` }).waitFor();
    await expect(estimate.textContent()).resolves.toMatch(new RegExp(`^Estimate: about \\d+ (s|min), \\D*\\d+\\.\\d\\d\\b.*1797 rows.*${EPOCHS} epochs`));
    await ui.shot('runs-02-start-with-estimate');

    await form.getByRole('button', { name: 'Start run' }).click();
    await ui.page.waitForURL(/\/runs\/[^/?]+$/);
    runId = new URL(ui.page.url()).pathname.split('/').pop()!;
    expect(runId).not.toBe('compare');
  });

  it('shows the learning curve moving while the run trains, then SUCCEEDED with test metrics', async () => {
    // First observation: the run is training and the chart has at least one epoch on it.
    await ui.page.waitForFunction(
      (sel) => {
        const status = document.querySelector('[data-testid="run-status"]')?.textContent;
        return status === 'RUNNING' && Number(document.querySelector(sel)?.getAttribute('data-points') ?? 0) >= 1;
      },
      LOSS_LINE,
      { timeout: 60_000 },
    );
    const first = await plottedEpochs();
    expect(first).toBeLessThan(EPOCHS);
    // Second observation: more epochs plotted on the same page, without a reload (live events).
    await ui.page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-points') ?? 0) > (n as number), [LOSS_LINE, first] as const, { timeout: 30_000 });
    const second = await plottedEpochs();
    expect(second).toBeGreaterThan(first);
    await expect(ui.page.getByText('(live)').isVisible()).resolves.toBe(true);
    // The logs panel follows the run's lines as they arrive: an epoch line while it still trains.
    const runLog = ui.page.getByRole('log', { name: 'Run log' });
    await runLog.getByText(/^epoch \d+\/\d+: loss /).first().waitFor({ timeout: 30_000 });
    await expect(runLog.textContent()).resolves.toMatch(/attempt 1 of \d+ started.*backend \S+ on cpu/);
    await ui.shot('runs-03-curve-moving');

    await ui.page.getByTestId('run-status').filter({ hasText: /^(SUCCEEDED|FAILED|CANCELLED)$/ }).waitFor({ timeout: 60_000 });
    await expect(ui.page.getByTestId('run-status').textContent()).resolves.toBe('SUCCEEDED');
    // After the end event the page re-renders from the server: every epoch, the test metrics.
    await ui.page.getByRole('region', { name: 'Test metrics' }).waitFor();
    await ui.page.waitForFunction(([sel, n]) => Number(document.querySelector(sel as string)?.getAttribute('data-points') ?? 0) === n, [LOSS_LINE, EPOCHS] as const);
    await expect(ui.page.getByRole('region', { name: 'Test metrics' }).textContent()).resolves.toMatch(/Accuracy 0\.\d{4}/);
    await expect(ui.page.getByRole('table', { name: /Confusion matrix/ }).locator('tbody tr').count()).resolves.toBe(10);
    await ui.page.getByRole('link', { name: 'Open the registered model version' }).waitFor();
    // Every epoch's line once, and how it ended (re-read from the server after the end event).
    await runLog.getByText(/^succeeded after \d+ epochs, test accuracy 0\.\d{4}; registered as model version 1/).waitFor({ timeout: 30_000 });
    await expect(runLog.getByText(/^epoch \d+\/\d+: loss /).count()).resolves.toBe(EPOCHS);
    await ui.shot('runs-04-run-succeeded');
  });

  it('finds the model version of that run in the registry, with its lineage', async () => {
    const fromRun = await ui.page.getByRole('link', { name: 'Open the registered model version' }).getAttribute('href');
    const modelId = fromRun!.split('/').pop()!;
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/models`);
    const row = ui.page.getByRole('row', { name: /Digit reader/ });
    await row.getByRole('link', { name: 'version 1' }).waitFor();
    await expect(row.count()).resolves.toBe(1);
    await expect(row.getByRole('link', { name: 'version 1' }).getAttribute('href')).resolves.toBe(`/orgs/${orgId}/models/${modelId}`);
    await ui.shot('runs-05-model-registry');

    await row.getByRole('link', { name: 'version 1' }).click();
    await ui.page.waitForURL(new RegExp(`/models/${modelId}$`));
    const lineage = ui.page.getByRole('region', { name: 'Lineage' });
    await expect(lineage.getByRole('link', { name: /mlp-classifier on digits-8x8\.csv/ }).getAttribute('href')).resolves.toBe(`/orgs/${orgId}/runs/${runId}`);
    await expect(lineage.textContent()).resolves.toMatch(/digits-8x8\.csv v1/);
    await ui.shot('runs-06-model-version');
  });

  it('compares the trained run with an external one from the runs list', async () => {
    // A run trained elsewhere, logged through the API like an SDK would, then finished (which
    // stores its downsampled series): the compare page overlays both runs' loss curves.
    const projectId = ((await (await ui.page.request.get(`${ui.webUrl}/api/orgs/${orgId}/projects`)).json()) as { items: Array<{ id: string }> }).items[0].id;
    const ext = await ui.page.request.post(`${ui.webUrl}/api/orgs/${orgId}/runs/external`, { data: { projectId, name: 'sklearn baseline', params: { model: 'logreg' } } });
    expect(ext.status()).toBe(201);
    const extId = ((await ext.json()) as { id: string }).id;
    const points = Array.from({ length: 2_000 }, (_, i) => ({ key: 'loss', step: i + 1, value: 2 / (1 + i / 50) }));
    expect((await ui.page.request.post(`${ui.webUrl}/api/orgs/${orgId}/runs/${extId}/metrics`, { data: { points } })).status()).toBe(200);
    expect((await ui.page.request.post(`${ui.webUrl}/api/orgs/${orgId}/runs/${extId}/finish`, { data: { status: 'SUCCEEDED', testMetrics: { accuracy: 0.95 } } })).status()).toBe(200);

    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/runs`);
    await ui.page.getByRole('checkbox', { name: 'Compare mlp-classifier on digits-8x8.csv' }).check();
    await ui.page.getByRole('checkbox', { name: 'Compare sklearn baseline' }).check();
    await ui.page.getByRole('button', { name: 'Compare selected runs' }).click();
    await ui.page.waitForURL(/\/runs\/compare\?/);
    const loss = ui.page.getByRole('region', { name: 'Metric loss' });
    await loss.waitFor();
    // The trained run's 30 epochs as they are, the external run's 2,000 points downsampled to 300.
    const counts = await loss.locator('polyline').evaluateAll((els) => els.map((e) => [e.getAttribute('data-series'), Number(e.getAttribute('data-points'))]));
    expect(counts.sort()).toEqual([
      ['mlp-classifier on digits-8x8.csv', EPOCHS],
      ['sklearn baseline', 300],
    ]);
    await expect(ui.page.getByRole('region', { name: 'Parameters' }).textContent()).resolves.toMatch(/logreg/);
    await expect(ui.page.getByRole('region', { name: 'Final metrics' }).textContent()).resolves.toMatch(/0\.95/);
    await ui.shot('runs-07-compare');

    // A file logged to the external run is listed on its page and downloads with the same bytes.
    const weights = Buffer.from(JSON.stringify({ coef: [0.4, -1.2, 0.7], intercept: 0.1 }));
    const up = await ui.page.request.post(`${ui.webUrl}/api/orgs/${orgId}/runs/${extId}/artifacts`, { multipart: { file: { name: 'logreg.json', mimeType: 'application/json', buffer: weights } } });
    expect(up.status(), await up.text()).toBe(201);
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/runs/${extId}`);
    const files = ui.page.getByRole('region', { name: 'Artifacts' });
    const link = files.getByRole('link', { name: 'logreg.json' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    const got = await ui.page.request.get(`${ui.webUrl}${href}`);
    expect(got.status()).toBe(200);
    expect(Buffer.from(await got.body()).equals(weights)).toBe(true);
    await ui.shot('runs-08-external-artifacts');
  });

  it('refuses a layer spec that does not fit the data next to the field; once fixed, a retried start makes one run', async () => {
    const runsBefore = ((await (await ui.page.request.get(`${ui.webUrl}/api/orgs/${orgId}/runs`)).json()) as { items: unknown[] }).items.length;
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/runs`);
    await ui.page.getByRole('button', { name: 'Start a run' }).click();
    const form = ui.page.getByRole('form', { name: 'Start a run' });
    await form.getByLabel('Layer spec (JSON)').check();
    const spec = (inputShape: number[]) =>
      JSON.stringify({
        name: 'pixels-dense',
        task: 'multiclass',
        inputShape,
        layers: [
          { type: 'dense', units: 32, activation: 'relu' },
          { type: 'dense', units: 10, activation: 'softmax' },
        ],
        optimizer: { type: 'adam' },
        loss: 'sparseCategoricalCrossentropy',
      });
    // Four pixel columns excluded: 60 values per row are left, so a [64] input does not fit.
    for (const c of ['px0', 'px1', 'px2', 'px3']) await form.getByRole('group', { name: 'Exclude columns' }).getByLabel(c, { exact: true }).check();
    await form.getByLabel('Model spec (JSON)').fill(spec([64]));
    const issue = form.getByTestId('spec-error');
    await issue.filter({ hasText: 'set inputShape to [60]' }).waitFor();
    await expect(issue.textContent()).resolves.toMatch(/have 60 values after preprocessing .* but the model input \[64\] needs 64/);
    await expect(form.getByLabel('Model spec (JSON)').getAttribute('aria-invalid')).resolves.toBe('true');
    await ui.shot('runs-08-spec-refused');
    // Starting it anyway is refused by POST /runs the same way: no run, the form stays.
    await form.getByRole('button', { name: 'Start run' }).click();
    await issue.filter({ hasText: 'set inputShape to [60]' }).waitFor();
    expect(new URL(ui.page.url()).pathname).toBe(`/orgs/${orgId}/runs`);
    expect(((await (await ui.page.request.get(`${ui.webUrl}/api/orgs/${orgId}/runs`)).json()) as { items: unknown[] }).items.length).toBe(runsBefore);
    // Fixed: the issue goes and the estimate is of this spec.
    await form.getByLabel('Model spec (JSON)').fill(spec([60]));
    await form.getByTestId('run-estimate').filter({ hasText: 'spec "pixels-dense"' }).waitFor();
    await expect(issue.count()).resolves.toBe(0);
    await ui.shot('runs-09-spec-estimated');

    // Start it, with the first answer lost on the way back (the run is made, the browser sees a
    // network error): pressing Start again resends the same Idempotency-Key and lands on that one run.
    const keys: string[] = [];
    await ui.page.route('**/api/orgs/*/runs', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await form.getByRole('button', { name: 'Start run' }).click();
    await form.getByText(/cannot be reached/).waitFor();
    await form.getByRole('button', { name: 'Start run' }).click();
    await ui.page.waitForURL(/\/runs\/[^/?]+$/);
    await ui.page.unroute('**/api/orgs/*/runs');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^web-run-[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    const after = ((await (await ui.page.request.get(`${ui.webUrl}/api/orgs/${orgId}/runs`)).json()) as { items: Array<{ id: string }> }).items;
    expect(after.length).toBe(runsBefore + 1);
    const specRunId = new URL(ui.page.url()).pathname.split('/').pop()!;
    expect(after.map((r) => r.id)).toContain(specRunId);
    await ui.page.request.post(`${ui.webUrl}/api/orgs/${orgId}/runs/${specRunId}/cancel`);
    expect(ui.pageErrors).toEqual([]);
  });
});
