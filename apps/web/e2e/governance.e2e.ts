// Governance in a real browser on the seeded demo startup: open the Fair Lending Scorecard's failing
// fairness audit, see its verdict, parity flags and how far the mitigation narrows the gap, download
// the PDF report; the risk it raised is in the register's heat map; the demo model version's card
// shows its failing audit, promoting it to production is refused with that audit as the reason, and
// the owner's accepted exception (with a justification) is what the gate then reads.
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
let modelVersionId = '';
let modelAuditId = '';
let highCell = 0;
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
  auditId = audits.items.find((a) => a.verdict === 'FAIL' && a.source.kind === 'PREDICTIONS_UPLOAD')!.id;
  const modelAudit = audits.items.find((a) => a.verdict === 'FAIL' && a.source.kind === 'MODEL_VERSION')!;
  modelVersionId = modelAudit.modelVersionId!;
  modelAuditId = modelAudit.id;
  highCell = (await client.risks.heatMap(orgId)).rows[3][4].count; // likelihood 4, impact 5
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
    // the mitigation narrows the demographic parity difference, in numbers
    const narrowing = page.getByTestId('mitigation-thresholds');
    expect(await narrowing.getAttribute('data-narrows')).toBe('true');
    expect(Math.abs(Number(await narrowing.getAttribute('data-after')))).toBeLessThan(Math.abs(Number(await narrowing.getAttribute('data-before'))) / 2);
    expect(await narrowing.textContent()).toMatch(/Group thresholds narrow the demographic parity difference from 0\.\d+ to -?0\.0\d+/);
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
    expect(highCell).toBeGreaterThanOrEqual(1);
    expect(Number(await page.locator(`a[aria-label="likelihood 4, impact 5: ${highCell} risk${highCell === 1 ? '' : 's'}"]`).getAttribute('data-count'))).toBe(highCell);
    expect(await page.locator('[data-overdue="true"]').count()).toBeGreaterThan(0);
    await shot('gov-02-risk-register');
  });

  it("opens the demo model version's card with its failing audit and the gate's answer", async () => {
    await page.goto(`${webUrl}/orgs/${orgId}/model-cards/${modelVersionId}`);
    await expect.poll(() => page.getByRole('heading', { name: /Model card · Fair Lending Scorecard v1/ }).count()).toBe(1);
    const fairness = page.getByRole('region', { name: 'Fairness' });
    await expect.poll(() => fairness.locator('[data-verdict="FAIL"]').count()).toBeGreaterThan(0);
    expect(await fairness.locator(`tr[data-audit="${modelAuditId}"] [data-verdict="FAIL"]`).count()).toBe(1);
    expect(await fairness.locator('[data-gate="refused"]').textContent()).toContain(`fairness audit ${modelAuditId}`);
    expect(await page.getByRole('region', { name: 'Intended use' }).textContent()).toMatch(/credit officer/);
    expect(await page.getByRole('region', { name: 'Data' }).textContent()).toMatch(/loan-applications v1 · loan-applications\.csv · 3,000 rows/);
    expect(await page.getByRole('region', { name: 'Risks' }).locator('li').count()).toBeGreaterThan(0);
    await shot('gov-03-model-card');
  });

  it('refuses to promote the demo model to production and shows the failed audit as the reason', async () => {
    await page.goto(`${webUrl}/orgs/${orgId}/models/${modelVersionId}`);
    const form = page.getByRole('form', { name: 'Move an alias' });
    await form.locator('select').selectOption('production');
    await form.getByPlaceholder('Why this version').fill('Go live for the spring campaign');
    await form.getByRole('button', { name: 'Make production' }).click();
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/Promotion to production refused: .*fairness-audit: the latest fairness audit .* FAILED/);
    expect(await alert.textContent()).toContain(modelAuditId);
    expect(await alert.textContent()).toMatch(/have an owner record an accepted exception/);
    await shot('gov-04-promotion-refused');
  });

  it("lets the owner accept an exception with a justification, which the model card's gate then reads", async () => {
    await page.goto(`${webUrl}/orgs/${orgId}/audits/${modelAuditId}`);
    const section = page.getByRole('region', { name: 'Promotion exception' });
    await expect.poll(() => section.locator('[data-exception="none"]').count()).toBe(1);
    const form = section.getByRole('form', { name: 'Accept an exception' });
    const button = form.getByRole('button', { name: 'Accept the exception' });
    await form.getByLabel(/Justification/).fill('too short');
    expect(await button.isDisabled()).toBe(true);
    await form.getByLabel(/Justification/).fill('Pilot in one branch: a credit officer reviews every application until the retrained model passes.');
    await button.click();
    await expect.poll(() => section.locator('[data-exception="accepted"]').count()).toBe(1);
    expect(await section.locator('[data-exception="accepted"]').textContent()).toMatch(/Exception accepted by Dana Whitfield .*Pilot in one branch/);
    await page.goto(`${webUrl}/orgs/${orgId}/model-cards/${modelVersionId}`);
    const gate = page.getByRole('region', { name: 'Fairness' }).locator('[data-gate="ok"]');
    await expect.poll(() => gate.count()).toBe(1);
    expect(await gate.textContent()).toMatch(/failed, with an exception accepted by Dana Whitfield/);
    await shot('gov-05-exception-accepted');
    expect(pageErrors).toEqual([]);
  });
});
