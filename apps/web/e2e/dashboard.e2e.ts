import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@meridian/sdk';
import { freePort, launchBrowser, makeTempDir, screenshotDir, startApi, startWeb, stop, type Proc } from './harness';

let api: Proc | undefined;
let web: Proc | undefined;
let webUrl = '';
let apiUrl = '';
let apiKey = '';
let projectUrl = '';
let dataDir = '';
let context: BrowserContext | undefined;
let closeBrowser: (() => Promise<void>) | undefined;
let page: Page;
const consoleErrors: string[] = [];

const run = Date.now().toString(36);
const user = { name: 'Ada Founder', email: `ada+${run}@example.com`, password: 'correct-horse-battery', org: 'Acme Vision' };
const project = { name: 'Retina screening model', description: 'Flags diabetic retinopathy from fundus photos for partner clinics.' };

async function shot(name: string) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  // Only this run's pictures: stale ones from an earlier run would mislead whoever reads them.
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  dataDir = makeTempDir('meridian-e2e-data-');
  // The web port is chosen first so the API can allow exactly that origin (CORS).
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
  page.on('console', (m) => {
    // The browser logs every 4xx fetch; the tests provoke 400/401/409 on purpose and check the UI instead.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
}, 240_000);

// A failing step leaves a picture of what the browser showed at that moment.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    await shot(`failed-${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 60)}`).catch(() => undefined);
  }
});

afterAll(async () => {
  await closeBrowser?.();
  await stop(web);
  await stop(api);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('dashboard in a real browser', () => {
  it('sends a signed-out visitor to the login page', async () => {
    await page.goto(`${webUrl}/`);
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ state: 'visible' });
    await shot('01-login');
  });

  it('shows validation errors next to the fields on sign-up', async () => {
    await page.goto(`${webUrl}/signup`);
    await page.getByLabel('Your name').fill(user.name);
    await page.getByLabel('Work email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const emailError = page.locator('#email-error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toContain('email');
    expect(await page.locator('#password-error').textContent()).toContain('10 characters');
    expect(await page.getByLabel('Work email').getAttribute('aria-invalid')).toBe('true');
    await shot('02-signup-errors');
  });

  it('signs up and lands in the new organisation', async () => {
    await page.getByLabel('Work email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByLabel('Company or team name').fill(user.org);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/orgs\/[^/]+\/projects$/);
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await page.getByText('No projects yet').waitFor({ state: 'visible' });
    // Desktop: the sections are always shown, with no Menu button.
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor({ state: 'visible' });
    expect(await page.locator('.org-switcher summary').textContent()).toContain(user.org);
  });

  it('creates a project, shows it in the list and opens it', async () => {
    await page.getByRole('link', { name: 'New project' }).first().click();
    await page.waitForURL(/\/projects\/new$/);
    await page.getByLabel('Name').fill(project.name);
    await page.getByLabel('Description').fill(project.description);
    await page.getByLabel('Lifecycle stage').selectOption('DATA');
    await page.getByLabel('Startup mode').selectOption('APPLICATION');
    await page.getByLabel('Business model').selectOption('SAAS');
    await page.getByLabel('Goal statement').fill('Match specialist graders on the pilot clinics’ images');
    // Metric without threshold breaks the goal rule: the error must sit next to the threshold.
    await page.getByLabel('Metric').fill('test_auc');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.locator('[id="goal.threshold-error"]').waitFor();
    await page.getByLabel('Threshold').fill('0.92');
    // Editing a field clears its error right away.
    expect(await page.locator('[id="goal.threshold-error"]').count()).toBe(0);
    await page.getByLabel('Deadline').fill('2027-05-31');
    await shot('03-new-project');
    await page.getByRole('button', { name: 'Create project' }).click();

    await page.waitForURL(/\/projects\/(?!new)[^/]+$/);
    await page.getByRole('heading', { name: project.name, level: 1 }).waitFor();

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Projects' }).click();
    await page.waitForURL(/\/projects$/);
    const row = page.getByRole('row', { name: new RegExp(project.name) });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('Data');
    expect(rowText).toContain('Application-led');
    expect(rowText).toContain('SaaS');
    expect(rowText).toContain('test_auc ≥ 0.92 by 31 May 2027');
    await shot('04-projects-list');

    await row.getByRole('link', { name: project.name }).click();
    await page.waitForURL(/\/projects\/(?!new)[^/]+$/);
    await page.getByRole('heading', { name: project.name, level: 1 }).waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain(project.description);
    expect(main).toContain('Application-led');
    expect(main).toContain('SaaS');
    expect(main).toContain('test_auc');
    expect(main).toContain('0.92');
    expect(main).toContain('31 May 2027');
    expect(await page.locator('.stages li[aria-current="step"]').textContent()).toBe('Data');
    projectUrl = page.url();
    await shot('05-project-detail');
  });

  it('exports the project through the job queue and shows the result live', async () => {
    await page.getByRole('button', { name: 'Export project' }).click();
    await page.getByTestId('export-status').filter({ hasText: /Export ready|Export failed/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-status').textContent()).toBe('Export ready');
    await page.getByText('Show the exported data').click();
    const exported = JSON.parse((await page.locator('pre.json').textContent()) ?? '{}') as { project?: { name?: string }; goal?: { metric?: string } };
    expect(exported.project?.name).toBe(project.name);
    expect(exported.goal?.metric).toBe('test_auc');
    await shot('06-project-exported');
  });

  it('edits the project and shows the new stage', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/edit$/);
    expect(await page.getByLabel('Name').inputValue()).toBe(project.name);
    await page.getByLabel('Lifecycle stage').selectOption('TRAINING');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/projects\/(?!new)[^/]+$/);
    await page.locator('.stages li[aria-current="step"]', { hasText: 'Training' }).waitFor();
    // Fields the edit did not touch survive it.
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('31 May 2027');
    expect(main).toContain('0.92');
    expect(main).toContain(project.description);
  });

  it('creates a second organisation from the switcher and switches back', async () => {
    const firstOrgUrl = page.url().replace(/\/projects\/.*$/, '');
    await page.locator('.org-switcher summary').click();
    await page.getByRole('link', { name: '+ New organisation' }).click();
    await page.waitForURL(/\/orgs\/new$/);
    await page.getByLabel('Organisation name').fill('Acme Labs');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByRole('heading', { name: 'Acme Labs', level: 1 }).waitFor();
    expect(page.url()).not.toBe(firstOrgUrl);
    await page.getByText('Start with a project').waitFor({ state: 'visible' });

    await page.locator('.org-switcher summary').click();
    const menu = page.getByRole('list', { name: 'Your organisations' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Acme Vision'), expect.stringContaining('Acme Labs')]));
    await shot('07-org-switcher');
    await menu.getByRole('link', { name: /Acme Vision/ }).click();
    await page.getByRole('heading', { name: user.org, level: 1 }).waitFor();
    expect(page.url()).toBe(firstOrgUrl);
    await page.getByRole('link', { name: project.name }).first().waitFor();
  });

  it('creates an API key that is shown once and works against the API', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(/\/api-keys$/);
    await page.getByLabel('Name').fill('CI pipeline');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-api-key').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await page.getByText('It is shown only once').waitFor({ state: 'visible' });
    await shot('08-api-key-created');

    const res = await fetch(`${apiUrl}/api/orgs`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain(user.org);
    apiKey = secret;
  });

  it('pages through a project list longer than one page', async () => {
    // Bulk data through the SDK with the key from the previous step: the UI is not the point here.
    const sdk = createClient({ baseUrl: apiUrl, apiKey });
    const orgId = (await sdk.orgs.list())[0].organizationId;
    for (let i = 1; i <= 21; i++) {
      await sdk.projects.create(orgId, { name: `Bulk project ${String(i).padStart(2, '0')}`, startupMode: 'RND', businessModel: 'SAAS' });
    }
    await page.goto(`${webUrl}/orgs/${orgId}/projects`);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(20);
    await page.getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/after=/);
    await page.getByText('Page 2').waitFor();
    expect(await rows.count()).toBe(2);
    const names = await page.locator('tbody .row-title').allTextContents();
    expect(names).toContain(project.name);
    await page.getByRole('link', { name: '← Previous' }).click();
    await page.getByText('Page 1').waitFor();
    expect(await rows.count()).toBe(20);

    await page.getByRole('link', { name: 'Bulk project 21' }).click();
    await page.getByRole('heading', { name: 'Bulk project 21', level: 1 }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByRole('link', { name: 'Bulk project 20' }).waitFor();
    expect(await page.getByRole('link', { name: 'Bulk project 21' }).count()).toBe(0);
  });

  it('revokes the API key, which then stops working', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(/\/api-keys$/);
    const secret = apiKey;
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('row', { name: /CI pipeline/ }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('row', { name: /CI pipeline/ }).getByText('Revoked').waitFor();
    const after = await fetch(`${apiUrl}/api/orgs`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
  });

  it('shows an honest empty state for a section that has no data yet', async () => {
    // A new organisation has no runs: the page says so and how to get one, with no made-up rows.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Training runs' }).click();
    await page.waitForURL(/\/runs$/);
    await page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(0);
    await shot('09-empty-section');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.goto(`${webUrl}/`);
    await page.waitForURL('**/login');
  });

  it('refuses a wrong password with the API message, then signs back in to the project', async () => {
    await page.getByLabel('Work email').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('form .alert-error');
    await alert.waitFor();
    expect((await alert.textContent())?.length).toBeGreaterThan(5);
    await shot('10-login-refused');
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs\/[^/]+$/);
    await page.getByRole('link', { name: project.name }).first().waitFor();
    await shot('11-overview');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const url of [projectUrl, projectUrl.replace(/\/projects\/.*$/, '/projects/new'), projectUrl.replace(/\/projects\/.*$/, '')]) {
        await page.goto(url);
        await page.locator('main h1').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${url} is wider than the phone screen`).toBeLessThanOrEqual(0);
      }
      await page.goto(projectUrl);
      await page.locator('main h1').waitFor();
      await shot('11-project-detail-phone');
      // The sections fold behind a Menu button on a phone; following a link folds them again.
      const sections = page.getByRole('navigation', { name: 'Sections' });
      expect(await sections.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Menu' }).click();
      await sections.getByRole('link', { name: 'Projects' }).click();
      await page.waitForURL(/\/projects$/);
      await page.getByRole('button', { name: 'Menu' }).waitFor();
      expect(await sections.isVisible()).toBe(false);
    } finally {
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('refuses a second account with the same email and says why', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.goto(`${webUrl}/signup`);
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Work email').fill(user.email);
    await page.getByLabel('Password').fill('another-long-password');
    await page.getByLabel('Company or team name').fill('Other Co');
    await page.getByRole('button', { name: 'Create account' }).click();
    const message = page.locator('#email-error, form .alert-error').first();
    await message.waitFor();
    expect(await message.textContent()).toMatch(/already|exists|taken|registered/i);
    expect(page.url()).toMatch(/\/signup$/);
  });

  it('lets an owner add a member, change their role and remove them', async () => {
    const grace = { name: 'Grace Analyst', email: `grace+${run}@example.com`, password: 'another-long-password' };
    // Still on the sign-up form from the previous step: a fresh email creates Grace's own account.
    await page.getByLabel('Your name').fill(grace.name);
    await page.getByLabel('Work email').fill(grace.email);
    await page.getByLabel('Company or team name').fill('Grace Consulting');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/orgs\/[^/]+\/projects$/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');

    await page.getByLabel('Work email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs\/[^/]+$/);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/members$/);

    await page.getByLabel('Email').fill(grace.email);
    await page.getByLabel('Role', { exact: true }).selectOption('VIEWER');
    await page.getByRole('button', { name: 'Add member' }).click();
    const row = page.getByRole('row', { name: new RegExp(grace.name) });
    await row.waitFor();
    const roleSelect = row.getByLabel(`Role of ${grace.name}`);
    expect(await roleSelect.inputValue()).toBe('VIEWER');

    // As a viewer, Grace reads Acme Vision's projects but is offered no way to change them.
    const membersUrl = page.url();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('Work email').fill(grace.email);
    await page.getByLabel('Password').fill(grace.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs\/[^/]+$/);
    await page.goto(projectUrl);
    await page.getByRole('heading', { name: project.name, level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Export project' }).isDisabled()).toBe(true);
    await page.goto(projectUrl.replace(/\/[^/]+$/, ''));
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'New project' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await shot('12-viewer-projects');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('Work email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs\/[^/]+$/);
    await page.goto(membersUrl);

    await page.getByRole('row', { name: new RegExp(grace.name) }).getByLabel(`Role of ${grace.name}`).selectOption('MEMBER');
    await page.reload();
    expect(await page.getByRole('row', { name: new RegExp(grace.name) }).getByLabel(`Role of ${grace.name}`).inputValue()).toBe('MEMBER');
    await shot('13-members');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('row', { name: new RegExp(grace.name) }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('row', { name: new RegExp(grace.name) }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
  });

  it('tells the visitor when sign-in attempts are rate limited', async () => {
    await page.goto(`${webUrl}/login`);
    const alert = page.locator('form .alert-error');
    let text = '';
    // Each refused attempt counts; the API's limit (12 a minute here, 20 by default) ends the loop.
    for (let attempt = 0; attempt < 30 && !/too many/i.test(text); attempt++) {
      await page.getByLabel('Work email').fill(user.email);
      await page.getByLabel('Password').fill(`wrong-password-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await alert.waitFor();
      text = (await alert.textContent()) ?? '';
    }
    expect(text).toMatch(/too many/i);
    await shot('14-login-rate-limited');
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
