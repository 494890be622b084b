// Scheduled retraining in a real browser: with a champion trained on a small digits slice, create a
// schedule through the form (the cron preview says it in words, in the chosen time zone), see its
// next runs, press "Run now", and find the launch and its run in the history, then the run itself.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, makeTempDir, repoRoot, screenshotDir, startApi, startWeb, stop, type Proc } from './harness';

let api: Proc | undefined;
let web: Proc | undefined;
let webUrl = '';
let dataDir = '';
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
let orgId = '';
const pageErrors: string[] = [];

async function shot(name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  dataDir = makeTempDir('meridian-e2e-retraining-');
  const webPort = await freePort();
  const started = await startApi({ webOrigin: `http://127.0.0.1:${webPort}`, dataDir });
  api = started.proc;
  const w = await startWeb(started.url, webPort);
  web = w.proc;
  webUrl = w.url;
  const browser = await launchBrowser();
  context = browser.context;
  closeBrowser = browser.close;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) await shot(`retraining-failed-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => undefined);
});

afterAll(async () => {
  await closeBrowser?.();
  await stop(web);
  await stop(api);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('scheduled retraining in a real browser', () => {
  it('creates a schedule, runs it now and sees the launch and its run in the history', async () => {
    // Set-up through the API (the same session cookie as the browser): a project, a small dataset and a champion.
    const signup = await page.request.post(`${webUrl}/api/auth/signup`, { data: { email: `rt+${Date.now().toString(36)}@example.com`, password: 'correct-horse-battery', name: 'Ray Train', organizationName: 'Retrain Inc' } });
    expect(signup.status()).toBe(201);
    orgId = ((await signup.json()) as { memberships: { organizationId: string }[] }).memberships[0].organizationId;
    const o = `${webUrl}/api/orgs/${orgId}`;
    const project = await page.request.post(`${o}/projects`, { data: { name: 'Digit reader', startupMode: 'APPLICATION', businessModel: 'SAAS' } });
    expect(project.status()).toBe(201);
    const projectId = ((await project.json()) as { id: string }).id;
    const ds = await page.request.post(`${o}/projects/${projectId}/datasets`, { data: { name: 'digits-small' } });
    expect(ds.status()).toBe(201);
    const datasetId = ((await ds.json()) as { id: string }).id;
    const csv = readFileSync(join(repoRoot, 'datasets/digits-8x8.csv'), 'utf8').split('\n').slice(0, 301).join('\n') + '\n';
    const up = await page.request.post(`${o}/datasets/${datasetId}/versions`, { multipart: { file: { name: 'digits-small.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } });
    expect(up.status(), await up.text()).toBe(201);
    const datasetVersionId = ((await up.json()) as { version: { id: string } }).version.id;
    const run = await page.request.post(`${o}/runs`, { data: { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', epochs: 1, name: 'first model' } });
    expect(run.status(), await run.text()).toBe(202);
    const runId = ((await run.json()) as { id: string }).id;
    const trained = await until(async () => (await (await page.request.get(`${o}/runs/${runId}`)).json()) as { status: string; modelVersionId: string | null }, (r) => !['QUEUED', 'RUNNING'].includes(r.status), 120_000);
    expect(trained.status).toBe('SUCCEEDED');
    expect((await page.request.post(`${o}/models/${trained.modelVersionId}/aliases/champion`, { data: { reason: 'first model' } })).status()).toBeLessThan(300);

    // The section is in the navigation.
    await page.goto(`${webUrl}/orgs/${orgId}`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Retraining' }).click();
    await page.waitForURL(/\/retraining$/);
    await page.getByRole('heading', { name: 'No retraining schedules yet' }).waitFor();

    // Create a schedule: the preview reads the cron in words, in the chosen time zone.
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Name').fill('Nightly digits');
    await form.getByLabel(/^Cron/).fill('0 25 * * *');
    await form.getByTestId('cron-preview').filter({ hasText: 'not a valid cron' }).waitFor();
    await form.getByLabel(/^Cron/).fill('30 2 * * 1-5');
    await form.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await form.getByTestId('cron-preview').filter({ hasText: 'At 02:30, Monday through Friday' }).waitFor();
    await form.getByTestId('cron-preview').filter({ hasText: '(Asia/Tokyo)' }).waitFor();
    await shot('retraining-01-new-schedule');
    await form.getByRole('button', { name: 'Create schedule' }).click();

    const row = page.locator('tr[data-schedule="Nightly digits"]');
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

    const history = page.getByRole('region', { name: 'Retraining history' });
    const event = history.locator('tbody tr').first();
    await event.waitFor();
    await expect(event.textContent()).resolves.toContain('Run now (“Nightly digits”)');
    await expect(event.locator('.badge').textContent()).resolves.toBe('started');
    await expect(event.getByRole('link').first().getAttribute('href')).resolves.toBe(retrainRunHref);
    await shot('retraining-02-run-now-history');

    // A second "Run now" while it trains: skipped by the project's limit of one retraining at a time.
    await row.getByRole('button', { name: 'Run now' }).click();
    await row.getByRole('status').filter({ hasText: 'Skipped' }).waitFor();

    // The run trains to the end; the history shows its state.
    await until(async () => (await (await page.request.get(`${webUrl}/api${retrainRunHref}`)).json()) as { status: string }, (r) => r.status === 'SUCCEEDED', 120_000);
    await page.reload();
    const rows = page.getByRole('region', { name: 'Retraining history' }).locator('tbody tr');
    const withBadge = (status: string) => rows.filter({ has: page.locator('.badge', { hasText: new RegExp(`^${status}$`) }) });
    const done = withBadge('started');
    await done.filter({ hasText: 'succeeded' }).waitFor();
    await expect(done.count()).resolves.toBe(1);
    await expect(withBadge('skipped').count()).resolves.toBe(1);
    await expect(withBadge('skipped').textContent()).resolves.toContain('already queued or running');

    // Pause: no next runs while paused.
    const row2 = page.locator('tr[data-schedule="Nightly digits"]');
    await row2.getByRole('button', { name: 'Pause' }).click();
    await row2.getByText('none while paused').waitFor();
    await shot('retraining-03-paused');

    // Edit in a dialog: a new cron, read back in words.
    await row2.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Nightly digits' });
    await dialog.getByLabel(/^Cron/).fill('0 4 * * *');
    await dialog.getByTestId('cron-preview').filter({ hasText: 'At 04:00' }).waitFor();
    await dialog.getByRole('button', { name: 'Save schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row2.getByText('At 04:00 · Asia/Tokyo').waitFor();

    await done.getByRole('link').first().click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page.getByText('Retrain mlp-classifier on digits-small.csv v1').first().waitFor();
    await shot('retraining-04-run');
    expect(pageErrors).toEqual([]);
  });
});
