// Governance in a real browser on the seeded demo startup: open the Fair Lending Scorecard's failing
// fairness audit, see its verdict and parity flags, download the PDF report; the risk it raised is
// in the register's heat map.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@meridian/sdk';
import { freePort, launchBrowser, makeTempDir, screenshotDir, startApi, startWeb, stop, type Proc } from './harness';

let api: Proc | undefined;
let web: Proc | undefined;
let webUrl = '';
let dataDir = '';
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
let orgId = '';
let auditId = '';
const pageErrors: string[] = [];
const DEMO = { email: 'demo@meridian.local', password: 'governance-e2e-demo' };

async function shot(name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  dataDir = makeTempDir('meridian-e2e-gov-');
  const webPort = await freePort();
  const started = await startApi({ webOrigin: `http://127.0.0.1:${webPort}`, dataDir, env: { SEED_DEMO: 'true', DEMO_PASSWORD: DEMO.password, RATE_LIMIT_AUTH_PER_MINUTE: '100' } });
  api = started.proc;
  // The seeded audit, found through the API as the demo user.
  let cookie = '';
  const client = createClient({
    baseUrl: started.url,
    fetch: async (input, init) => {
      const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0];
      return res;
    },
  });
  const me = await client.auth.login(DEMO);
  orgId = me.memberships[0].organizationId;
  const audits = await client.fairnessAudits.list(orgId);
  auditId = audits.items.find((a) => a.verdict === 'FAIL')!.id;
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
  if (ctx.task.result?.state === 'fail' && page) await shot(`gov-failed-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 50)}`).catch(() => undefined);
});

afterAll(async () => {
  await closeBrowser?.();
  await stop(web);
  await stop(api);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('governance dashboard', () => {
  it('signs in as the demo founder', async () => {
    await page.goto(`${webUrl}/login`);
    await page.getByLabel('Work email').fill(DEMO.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`**/orgs/${orgId}**`);
  });

  it('lists the failing audit and opens its report with the failed parity flags', async () => {
    await page.goto(`${webUrl}/orgs/${orgId}/audits`);
    await page.getByRole('link', { name: 'scorecard-v3-holdout-predictions.csv' }).click();
    await page.waitForURL(`**/audits/${auditId}`);
    await expect.poll(() => page.locator('[data-verdict="FAIL"]').count()).toBeGreaterThan(0);
    const reasons = page.getByRole('list', { name: 'Reasons' });
    await expect.poll(() => reasons.textContent()).toMatch(/applicant_sex='female': pprev disparity 0\.\d+ against 'male' is outside \[0\.800, 1\.250\]/);
    expect(await page.locator('td[data-parity="fail"]').count()).toBeGreaterThan(0);
    expect(await page.locator('g[data-group="female|A"]').count()).toBe(2); // selection rate and TPR charts
    expect(await page.getByRole('table', { name: 'Group thresholds before and after' }).count()).toBe(1);
    await shot('gov-01-failing-audit');
  });

  it('downloads the PDF report', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`fairness-audit-${auditId}.pdf`);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows the risk the audit raised in the register and its heat map', async () => {
    await page.goto(`${webUrl}/orgs/${orgId}/risks`);
    await expect.poll(() => page.getByRole('link', { name: /Fairness audit failed for predictions file/ }).count()).toBe(1);
    expect(Number(await page.locator('a[aria-label="likelihood 4, impact 5: 1 risk"]').getAttribute('data-count'))).toBe(1);
    expect(await page.locator('[data-overdue="true"]').count()).toBeGreaterThan(0);
    await shot('gov-02-risk-register');
    expect(pageErrors).toEqual([]);
  });
});
