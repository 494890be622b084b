// Scheduled retraining in a real browser: with a champion trained on the digits file, create a
// schedule through the form (the cron preview says it in words, in the chosen time zone), see its
// next runs, press "Run now", and find the launch and its run in the history, then the run itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, signUpWithProject, until, useDashboard } from './harness';

const ui = useDashboard({ name: 'retraining', defaultTimeout: 30_000, failurePrefix: 'retraining-failed-' });
let orgId = '';

describe('scheduled retraining in a real browser', () => {
  it('creates a schedule, runs it now and sees the launch and its run in the history', async () => {
    // Set-up through the API (the same session cookie as the browser): a project, a small dataset and a champion.
    let projectId: string;
    ({ orgId, projectId } = await signUpWithProject(ui, { emailPrefix: 'rt', name: 'Ray Train', organizationName: 'Retrain Inc', project: 'Digit reader' }));
    const o = `${ui.webUrl}/api/orgs/${orgId}`;
    const ds = await ui.page.request.post(`${o}/projects/${projectId}/datasets`, { data: { name: 'digits' } });
    expect(ds.status()).toBe(201);
    const datasetId = ((await ds.json()) as { id: string }).id;
    // The whole file and 40 epochs: the retraining copy trains for seconds, long enough that a
    // second "Run now" pressed right after the first finds it still queued or running (with 300
    // rows and one epoch it finished before the second click on a quiet machine, and a second run started).
    const csv = readFileSync(join(repoRoot, 'datasets/digits-8x8.csv'), 'utf8');
    const up = await ui.page.request.post(`${o}/datasets/${datasetId}/versions`, { multipart: { file: { name: 'digits.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } });
    expect(up.status(), await up.text()).toBe(201);
    const datasetVersionId = ((await up.json()) as { version: { id: string } }).version.id;
    const run = await ui.page.request.post(`${o}/runs`, { data: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: 40, name: 'first model' } });
    expect(run.status(), await run.text()).toBe(202);
    const runId = ((await run.json()) as { id: string }).id;
    const trained = await until(async () => (await (await ui.page.request.get(`${o}/runs/${runId}`)).json()) as { status: string; modelVersionId: string | null }, (r) => !['QUEUED', 'RUNNING'].includes(r.status), 120_000);
    expect(trained.status).toBe('SUCCEEDED');
    expect((await ui.page.request.post(`${o}/models/${trained.modelVersionId}/aliases/champion`, { data: { reason: 'first model' } })).status()).toBeLessThan(300);

    // The section is in the navigation.
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}`);
    await ui.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Retraining' }).click();
    await ui.page.waitForURL(/\/retraining$/);
    await ui.page.getByRole('heading', { name: 'No retraining schedules yet' }).waitFor();

    // Create a schedule: the preview reads the cron in words, in the chosen time zone.
    await ui.page.getByRole('button', { name: 'New schedule' }).click();
    const form = ui.page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Name').fill('Nightly digits');
    await form.getByLabel(/^Cron/).fill('0 25 * * *');
    await form.getByTestId('cron-preview').filter({ hasText: 'not a valid cron' }).waitFor();
    await form.getByLabel(/^Cron/).fill('30 2 * * 1-5');
    await form.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await form.getByTestId('cron-preview').filter({ hasText: 'At 02:30, Monday through Friday' }).waitFor();
    await form.getByTestId('cron-preview').filter({ hasText: '(Asia/Tokyo)' }).waitFor();
    await ui.shot('retraining-01-new-schedule');
    await form.getByRole('button', { name: 'Create schedule' }).click();

    const row = ui.page.locator('tr[data-schedule="Nightly digits"]');
    await row.waitFor();
    await expect(row.getByText('30 2 * * 1-5').count()).resolves.toBe(1);
    await expect(row.getByText('At 02:30, Monday through Friday · Asia/Tokyo').count()).resolves.toBe(1);
    await expect(row.locator('li').count()).resolves.toBe(3);
    await expect(row.locator('li').first().textContent()).resolves.toMatch(/02:30 \(Asia\/Tokyo\)/);

    // Run now: the launch starts a run, shown at once and in the history.
    await row.getByRole('button', { name: 'Run now' }).click();
    const started = row.getByRole('status').filter({ hasText: 'Started' });
    await started.waitFor();
    const runLink = started.getByRole('link');
    const retrainRunHref = await runLink.getAttribute('href');
    expect(retrainRunHref).toMatch(new RegExp(`/orgs/${orgId}/runs/[^/]+$`));

    // A second "Run now" at once, while that run is queued or training: skipped by the project's
    // limit of one retraining at a time.
    await row.getByRole('button', { name: 'Run now' }).click();
    await row.getByRole('status').filter({ hasText: 'Skipped' }).waitFor();

    const history = ui.page.getByRole('region', { name: 'Retraining history' });
    // Newest first: the skipped launch, then the one that started.
    const events = history.locator('tbody tr');
    const event = events.nth(1);
    await event.waitFor();
    await expect(events.first().locator('.badge').textContent()).resolves.toBe('skipped');
    await expect(event.textContent()).resolves.toContain('Run now (“Nightly digits”)');
    await expect(event.locator('.badge').textContent()).resolves.toBe('started');
    await expect(event.getByRole('link').first().getAttribute('href')).resolves.toBe(retrainRunHref);
    await ui.shot('retraining-02-run-now-history');

    // The run trains to the end; the history shows its state.
    await until(async () => (await (await ui.page.request.get(`${ui.webUrl}/api${retrainRunHref}`)).json()) as { status: string }, (r) => r.status === 'SUCCEEDED', 120_000);
    await ui.page.reload();
    const rows = ui.page.getByRole('region', { name: 'Retraining history' }).locator('tbody tr');
    const withBadge = (status: string) => rows.filter({ has: ui.page.locator('.badge', { hasText: new RegExp(`^${status}$`) }) });
    const done = withBadge('started');
    await done.filter({ hasText: 'succeeded' }).waitFor();
    await expect(done.count()).resolves.toBe(1);
    await expect(withBadge('skipped').count()).resolves.toBe(1);
    await expect(withBadge('skipped').textContent()).resolves.toContain('already queued or running');

    // Pause: no next runs while paused.
    const row2 = ui.page.locator('tr[data-schedule="Nightly digits"]');
    await row2.getByRole('button', { name: 'Pause' }).click();
    await row2.getByText('none while paused').waitFor();
    await ui.shot('retraining-03-paused');

    // Edit in a dialog: a new cron, read back in words.
    await row2.getByRole('button', { name: 'Edit' }).click();
    const dialog = ui.page.getByRole('dialog', { name: 'Edit Nightly digits' });
    await dialog.getByLabel(/^Cron/).fill('0 4 * * *');
    await dialog.getByTestId('cron-preview').filter({ hasText: 'At 04:00' }).waitFor();
    await dialog.getByRole('button', { name: 'Save schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row2.getByText('At 04:00 · Asia/Tokyo').waitFor();

    await done.getByRole('link').first().click();
    await ui.page.waitForURL(/\/runs\/[^/]+$/);
    await ui.page.getByText('Retrain mlp-classifier on digits.csv v1').first().waitFor();
    await ui.shot('retraining-04-run');
    expect(ui.pageErrors).toEqual([]);
  });
});
