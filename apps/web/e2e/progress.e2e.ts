// The demo startup's progress in a real browser: the overview shows milestones at risk and the
// over-allocated person, the team page flags them, and Churn Radar's Gantt highlights the critical
// path computed by libs/planning through the API; a kanban move is saved. Screenshots go to
// test-output/e2e-progress (the dashboard test clears test-output/e2e at its start).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, makeTempDir, repoRoot, startApi, startWeb, stop, type Proc } from './harness';

const shots = join(repoRoot, 'test-output', 'e2e-progress');
let api: Proc | undefined;
let web: Proc | undefined;
let webUrl = '';
let orgUrl = '';
let dataDir = '';
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
const consoleErrors: string[] = [];
const DEMO = { email: 'demo@meridian.local', password: 'meridian-demo-2026' };

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

beforeAll(async () => {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  dataDir = makeTempDir('meridian-e2e-progress-');
  const webPort = await freePort();
  const started = await startApi({ webOrigin: `http://127.0.0.1:${webPort}`, dataDir, env: { SEED_DEMO: 'true', DEMO_PASSWORD: DEMO.password, PASSWORD_SCRYPT_LOG_N: '12' } });
  api = started.proc;
  const w = await startWeb(started.url, webPort);
  web = w.proc;
  webUrl = w.url;
  const browser = await launchBrowser();
  context = browser.context;
  closeBrowser = browser.close;
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
}, 240_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) await shot(`failed-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 60)}`).catch(() => undefined);
});

afterAll(async () => {
  await closeBrowser?.();
  await stop(web);
  await stop(api);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('team and progress of the demo startup', () => {
  it('signs in to the demo and the overview shows milestones at risk and workload warnings', async () => {
    await page.goto(`${webUrl}/login`);
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs\/[^/]+/);
    orgUrl = /^.*\/orgs\/[^/?#]+/.exec(page.url())?.[0] ?? '';
    await page.goto(orgUrl);
    const risk = page.getByTestId('milestones-at-risk');
    await risk.waitFor();
    expect(await risk.textContent()).toContain('Scorecard AUC of 0.78');
    const workload = page.getByTestId('team-workload');
    expect(await workload.textContent()).toMatch(/Marcus Chen.*130 %/);
    await shot('01-overview');
  });

  it('the team page flags the over-allocated person and shows hiring and reviews', async () => {
    await page.goto(`${orgUrl}/team`);
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    const over = page.locator('[data-testid="team-table"] tr[data-over="true"]');
    expect(await over.count()).toBe(1);
    expect(await over.textContent()).toContain('Marcus Chen');
    await page.getByText('Filled in 38 days').waitFor({ state: 'visible' });
    await page.getByRole('cell', { name: 'Team roll-up' }).waitFor({ state: 'visible' });
    await shot('02-team');
  });

  it('refuses an allocation above the hard cap with a clear message and changes nothing', async () => {
    const form = page.getByRole('form', { name: 'Set an allocation' });
    await form.getByLabel('Person').selectOption({ label: 'Marcus Chen' });
    await form.getByLabel('Project').selectOption({ label: 'Retail Demand Embeddings' });
    await form.getByLabel('Percent (0 removes)').fill('30');
    await form.getByRole('button', { name: 'Save' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/160 % in total, above the hard cap of 150 %/);
    await page.reload();
    const marcus = page.locator('[data-testid="team-table"] tr').filter({ hasText: 'Marcus Chen' });
    expect(await marcus.textContent()).toContain('130 % over-allocated');
    expect(await marcus.textContent()).not.toContain('Retail Demand Embeddings');
  });

  it("opens Churn Radar's Gantt with the critical path highlighted", async () => {
    await page.goto(`${orgUrl}/milestones`);
    await page.getByRole('heading', { name: 'Milestones', level: 1 }).waitFor();
    expect(await page.locator('tr[data-status="AT_RISK"]').count()).toBeGreaterThanOrEqual(1);
    await page.getByRole('listitem').filter({ hasText: 'Churn Radar' }).getByRole('link', { name: 'Board, Gantt and burn-up' }).click();
    await page.waitForURL(/\/progress$/);
    const gantt = page.getByTestId('gantt');
    await gantt.waitFor();
    const critical = gantt.locator('g.gantt-task[data-critical="true"]');
    expect(await critical.count()).toBe(7);
    expect(await gantt.locator('g.gantt-task[data-critical="false"]').count()).toBe(5);
    // Highlighted: critical bars are drawn red, the others in the accent colour.
    expect(await critical.first().locator('rect').last().getAttribute('fill')).toBe('#c62f2f');
    expect(await gantt.locator('g.gantt-task[data-critical="false"] rect[rx="4"]').first().getAttribute('fill')).toBe('#3b4fd8');
    expect(await gantt.locator('path[data-critical="true"]').count()).toBe(6);
    const path = await page.getByTestId('critical-path').textContent();
    expect(path).toContain('Define the churn label and cohorts → Build the product-usage event pipeline → Feature engineering');
    expect(path).toContain('Go/no-go review with the leadership team');
    await gantt.scrollIntoViewIfNeeded();
    await shot('03-gantt-critical-path');
  });

  it('refuses a dependency that would close a cycle, naming it, and keeps the plan', async () => {
    const form = page.getByRole('form', { name: 'Edit dependencies' });
    await form.getByLabel('Task').selectOption({ label: 'Define the churn label and cohorts' });
    await form.getByLabel('Starts after (finish-to-start)').selectOption({ label: 'Go/no-go review with the leadership team' });
    await form.getByRole('button', { name: 'Save dependencies' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/cycle: "Define the churn label and cohorts" → .* → "Go\/no-go review with the leadership team" → "Define the churn label and cohorts"/);
    expect(text).toContain('nothing was saved');
    await form.scrollIntoViewIfNeeded();
    await shot('04-cycle-refused');
    await page.reload();
    expect(await page.getByTestId('gantt').locator('g.gantt-task[data-critical="true"]').count()).toBe(7);
  });

  it('moves a card on the kanban board and the move is saved', async () => {
    const card = page.locator('[data-testid="kanban"] article').filter({ hasText: 'Train and tune the gradient-boosted model' });
    await card.getByRole('button', { name: /to In progress/ }).click();
    await page.locator('[data-column="IN_PROGRESS"] article').filter({ hasText: 'Train and tune the gradient-boosted model' }).waitFor();
    await page.reload();
    await page.locator('[data-column="IN_PROGRESS"] article').filter({ hasText: 'Train and tune the gradient-boosted model' }).waitFor();
    await shot('05-kanban');
    expect(consoleErrors).toEqual([]);
  });
});
