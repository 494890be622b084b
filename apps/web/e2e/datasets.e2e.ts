// Datasets in a real browser: create a dataset, upload the repo's digits-8x8.csv through the
// dashboard (XMLHttpRequest with a progress bar, via the proxy to the API and the artifact store),
// watch the profile become READY live, read its schema, class balance and preview, edit governance.
import { mkdirSync, rmSync } from 'node:fs';
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

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  dataDir = makeTempDir('meridian-e2e-datasets-');
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
  if (ctx.task.result?.state === 'fail' && page) await shot(`datasets-failed-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => undefined);
});

afterAll(async () => {
  await closeBrowser?.();
  await stop(web);
  await stop(api);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('datasets in a real browser', () => {
  it('uploads digits-8x8.csv with a progress bar and shows its profile once ready', async () => {
    const signup = await page.request.post(`${webUrl}/api/auth/signup`, { data: { email: `ds+${Date.now().toString(36)}@example.com`, password: 'correct-horse-battery', name: 'Dee Data', organizationName: 'Digits Inc' } });
    expect(signup.status()).toBe(201);
    orgId = ((await signup.json()) as { memberships: { organizationId: string }[] }).memberships[0].organizationId;
    const p = await page.request.post(`${webUrl}/api/orgs/${orgId}/projects`, { data: { name: 'Digit reader', startupMode: 'APPLICATION', businessModel: 'SAAS' } });
    expect(p.status()).toBe(201);

    await page.goto(`${webUrl}/orgs/${orgId}/datasets`);
    const create = page.getByRole('form', { name: 'New dataset' });
    await create.getByLabel('Name').fill('digits');
    await create.getByRole('button', { name: 'Create dataset' }).click();
    await page.waitForURL(/\/datasets\/[^/]+$/);

    const upload = page.getByRole('form', { name: 'Upload a new version' });
    await upload.getByLabel(/^File/).setInputFiles(join(repoRoot, 'datasets/digits-8x8.csv'));
    await upload.getByLabel(/Label column/).fill('label');
    await upload.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
    await page.waitForURL(/\/versions\/[^/?]+/);
    await shot('datasets-01-version-profiling');

    // The status badge polls and the page re-renders with the profile when the worker is done.
    await page.getByTestId('profile-status').filter({ hasText: 'Profiled' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('row-count').filter({ hasText: '1,797' }).waitFor();
    await expect(page.getByTestId('schema-table').locator('tbody tr').count()).resolves.toBe(65);
    await expect(page.getByTestId('class-balance').locator('li').count()).resolves.toBe(10);
    await expect(page.getByTestId('preview-table').locator('tbody tr').count()).resolves.toBe(20);
    await shot('datasets-02-version-profile');
  });

  it('edits governance and lists the dataset with its profiled version', async () => {
    const gov = page.getByRole('form', { name: 'Governance' });
    await gov.getByLabel('Source').selectOption('PUBLIC');
    await gov.getByLabel('Licence').fill('CC BY 4.0');
    await gov.getByLabel('Retention (days)').fill('365');
    await gov.getByRole('button', { name: 'Save governance' }).click();
    await gov.getByText('Saved. The change is in the audit log.').waitFor();

    await page.goto(`${webUrl}/orgs/${orgId}/datasets`);
    const row = page.getByRole('row', { name: /digits/ });
    await row.getByText('Profiled').waitFor();
    await expect(row.textContent()).resolves.toMatch(/1,797/);
    await shot('datasets-03-list');
    expect(pageErrors).toEqual([]);
  });
});
