// Costs and satisfaction in a real browser: the runway card shows the API's numbers, and feedback
// submitted through the embeddable widget (a page on another origin, the public endpoint with a
// project key, CORS *) changes the NPS the dashboard shows.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, makeTempDir, screenshotDir, startApi, startWeb, stop, type Proc } from './harness';

let api: Proc | undefined;
let web: Proc | undefined;
let webUrl = '';
let apiUrl = '';
let dataDir = '';
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
let orgId = '';
let projectId = '';
let feedbackKey = '';
const pageErrors: string[] = [];

async function shot(name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  dataDir = makeTempDir('meridian-e2e-sat-');
  const webPort = await freePort();
  const started = await startApi({ webOrigin: `http://127.0.0.1:${webPort}`, dataDir });
  api = started.proc;
  apiUrl = started.url;
  const w = await startWeb(started.url, webPort);
  web = w.proc;
  webUrl = w.url;
  const browser = await launchBrowser();
  context = browser.context;
  closeBrowser = browser.close;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) await shot(`sat-failed-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => undefined);
});

afterAll(async () => {
  await closeBrowser?.();
  await stop(web);
  await stop(api);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const lastMonthDay = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 15)).toISOString().slice(0, 10);
})();

describe('costs and satisfaction in a real browser', () => {
  it('signs up, records money and feedback through the API (via the dashboard proxy)', async () => {
    // page.request shares the browser's cookie jar, so the session is the dashboard's.
    const r = page.request;
    const signup = await r.post(`${webUrl}/api/auth/signup`, { data: { email: `sat+${Date.now().toString(36)}@example.com`, password: 'correct-horse-battery', name: 'Sam Satisfied', organizationName: 'Feedback Labs' } });
    expect(signup.status()).toBe(201);
    orgId = ((await signup.json()) as { memberships: { organizationId: string }[] }).memberships[0].organizationId;
    const p = await r.post(`${webUrl}/api/orgs/${orgId}/projects`, { data: { name: 'Support bot', startupMode: 'APPLICATION', businessModel: 'SAAS' } });
    projectId = ((await p.json()) as { id: string }).id;
    expect((await r.post(`${webUrl}/api/orgs/${orgId}/finance/funding-rounds`, { data: { type: 'SEED', amount: { minor: 12_000_000, currency: 'USD' }, date: '2025-01-01' } })).status()).toBe(201);
    // One 10,000.00 USD month in the 3-month window → average cost 3,333.33 a month.
    expect((await r.post(`${webUrl}/api/orgs/${orgId}/finance/costs`, { data: { projectId, date: lastMonthDay, category: 'PEOPLE', amount: { minor: 1_000_000, currency: 'USD' } } })).status()).toBe(201);
    const key = await r.post(`${webUrl}/api/orgs/${orgId}/projects/${projectId}/feedback-keys`, { data: { name: 'Widget' } });
    feedbackKey = ((await key.json()) as { key: string }).key;
    // Two detractors straight to the API: NPS −100.
    for (const nps of [2, 4]) {
      const res = await fetch(`${apiUrl}/api/public/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedback-key': feedbackKey }, body: JSON.stringify({ nps, comment: 'Answers are slow and wrong' }) });
      expect(res.status).toBe(201);
    }
  });

  it('shows the runway and the NPS on the overview and the costs page', async () => {
    await page.goto(`${webUrl}/orgs/${orgId}`);
    const summary = (await (await page.request.get(`${webUrl}/api/orgs/${orgId}/finance/summary`)).json()) as { runway: { kind: string; months: number } };
    expect(summary.runway.kind).toBe('FINITE');
    await expect(page.getByTestId('runway-months').textContent()).resolves.toBe(`${summary.runway.months.toFixed(1)} months`);
    await expect(page.getByTestId('overview-nps').textContent()).resolves.toBe('NPS -100');
    await shot('sat-01-overview-cards');
    await page.goto(`${webUrl}/orgs/${orgId}/costs`);
    // The page streams (loading.tsx): wait for the chart rather than sampling visibility once.
    await page.getByTestId('burn-chart').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByTestId('scenario-result').waitFor();
    await expect(page.getByTestId('scenario-result').textContent()).resolves.toMatch(/Baseline runway/);
    // The add form: a malformed amount is refused in words, a good one is saved.
    const add = page.getByRole('form', { name: 'Add a money record' });
    await add.getByLabel('Amount').fill('12,5.x');
    await add.getByRole('button', { name: 'Save' }).click();
    await add.getByText(/Amount: write a positive number/).waitFor();
    await add.getByLabel('Amount').fill('250.00');
    await add.getByLabel('Description').fill('Design tool licence');
    await add.getByRole('button', { name: 'Save' }).click();
    await add.getByText('Saved.').waitFor();
    await page.getByText('Design tool licence').first().waitFor();
    await shot('sat-02-costs');
  });

  it('feedback submitted through the embeddable widget changes the NPS shown', async () => {
    await page.goto(`${webUrl}/orgs/${orgId}/feedback?project=${projectId}`);
    await expect(page.getByTestId('nps-value').textContent()).resolves.toBe('-100');
    // A customer's page on another origin (about:blank → Origin: null) embeds the widget.
    const customer = await context!.newPage();
    await customer.setContent(`<html><body><h1>Customer site</h1><div id="meridian-feedback"></div><script src="${apiUrl}/api/public/feedback/widget.js" data-key="${feedbackKey}"></script></body></html>`);
    await customer.getByRole('button', { name: 'Score 10' }).click();
    await customer.getByPlaceholder('Anything to add? (optional)').fill('Much better since the update, fast and accurate');
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByText('Thank you!').waitFor();
    await customer.screenshot({ path: join(screenshotDir, 'sat-03-widget.png') });
    await customer.close();
    // 1 promoter, 2 detractors of 3 → NPS −33.3.
    await page.reload();
    await expect(page.getByTestId('nps-value').textContent()).resolves.toBe('-33.3');
    await expect(page.getByTestId('comments').textContent()).resolves.toContain('Much better since the update');
    await shot('sat-04-feedback-after');
    expect(pageErrors).toEqual([]);
  });
});
