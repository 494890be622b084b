import { describe, expect, it } from 'vitest';
import { createClient } from '@meridian/sdk';
import { useDashboard } from './harness';

let apiKey = '';
let projectUrl = '';
const ui = useDashboard({ name: 'dashboard', defaultTimeout: 20_000, clearScreenshots: true, failurePrefix: 'failed-', failureNameChars: 60, consoleErrors: true });

const run = Date.now().toString(36);
const user = { name: 'Ada Founder', email: `ada+${run}@example.com`, password: 'correct-horse-battery', org: 'Acme Vision' };
const project = { name: 'Retina screening model', description: 'Flags diabetic retinopathy from fundus photos for partner clinics.' };

describe('dashboard in a real browser', () => {
  it('sends a signed-out visitor to the login page', async () => {
    await ui.page.goto(`${ui.webUrl}/`);
    await ui.page.waitForURL('**/login');
    await ui.page.getByRole('heading', { name: 'Sign in' }).waitFor({ state: 'visible' });
    await ui.shot('01-login');
  });

  it('shows validation errors next to the fields on sign-up', async () => {
    await ui.page.goto(`${ui.webUrl}/signup`);
    await ui.page.getByLabel('Your name').fill(user.name);
    await ui.page.getByLabel('Work email').fill('not-an-email');
    await ui.page.getByLabel('Password').fill('short');
    await ui.page.getByRole('button', { name: 'Create account' }).click();
    const emailError = ui.page.locator('#email-error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toContain('email');
    expect(await ui.page.locator('#password-error').textContent()).toContain('10 characters');
    expect(await ui.page.getByLabel('Work email').getAttribute('aria-invalid')).toBe('true');
    await ui.shot('02-signup-errors');
  });

  it('signs up and lands in the new organisation', async () => {
    await ui.page.getByLabel('Work email').fill(user.email);
    await ui.page.getByLabel('Password').fill(user.password);
    await ui.page.getByLabel('Company or team name').fill(user.org);
    await ui.page.getByRole('button', { name: 'Create account' }).click();
    await ui.page.waitForURL(/\/orgs\/[^/]+\/projects$/);
    await ui.page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await ui.page.getByText('No projects yet').waitFor({ state: 'visible' });
    // Desktop: the sections are always shown, with no Menu button.
    expect(await ui.page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await ui.page.getByRole('navigation', { name: 'Sections' }).waitFor({ state: 'visible' });
    expect(await ui.page.locator('.org-switcher summary').textContent()).toContain(user.org);
  });

  it('creates a project, shows it in the list and opens it', async () => {
    await ui.page.getByRole('link', { name: 'New project' }).first().click();
    await ui.page.waitForURL(/\/projects\/new$/);
    await ui.page.getByLabel('Name').fill(project.name);
    await ui.page.getByLabel('Description').fill(project.description);
    await ui.page.getByLabel('Lifecycle stage').selectOption('DATA');
    await ui.page.getByLabel('Startup mode').selectOption('APPLICATION');
    await ui.page.getByLabel('Business model').selectOption('SAAS');
    await ui.page.getByLabel('Goal statement').fill('Match specialist graders on the pilot clinics’ images');
    // Metric without threshold breaks the goal rule: the error must sit next to the threshold.
    await ui.page.getByLabel('Metric').fill('test_auc');
    await ui.page.getByRole('button', { name: 'Create project' }).click();
    await ui.page.locator('[id="goal.threshold-error"]').waitFor();
    await ui.page.getByLabel('Threshold').fill('0.92');
    // Editing a field clears its error right away.
    expect(await ui.page.locator('[id="goal.threshold-error"]').count()).toBe(0);
    await ui.page.getByLabel('Deadline').fill('2027-05-31');
    await ui.shot('03-new-project');
    await ui.page.getByRole('button', { name: 'Create project' }).click();
    // A new project has no milestone or team yet: the API refuses Data and the form lists why.
    const criteria = ui.page.getByTestId('stage-criteria');
    await criteria.waitFor();
    expect(await criteria.textContent()).toMatch(/no milestone yet.*nobody is allocated/);
    await ui.page.locator('[id="stage-error"]').waitFor();
    await ui.page.getByLabel('Lifecycle stage').selectOption('PLANNING');
    expect(await criteria.count()).toBe(0);
    await ui.page.getByRole('button', { name: 'Create project' }).click();

    await ui.page.waitForURL(/\/projects\/(?!new)[^/]+$/);
    await ui.page.getByRole('heading', { name: project.name, level: 1 }).waitFor();

    await ui.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Projects' }).click();
    await ui.page.waitForURL(/\/projects$/);
    const row = ui.page.getByRole('row', { name: new RegExp(project.name) });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('Planning');
    expect(rowText).toContain('Application-led');
    expect(rowText).toContain('SaaS');
    expect(rowText).toContain('test_auc ≥ 0.92 by 31 May 2027');
    await ui.shot('04-projects-list');

    await row.getByRole('link', { name: project.name }).click();
    await ui.page.waitForURL(/\/projects\/(?!new)[^/]+$/);
    await ui.page.getByRole('heading', { name: project.name, level: 1 }).waitFor();
    const main = (await ui.page.locator('main').textContent()) ?? '';
    expect(main).toContain(project.description);
    expect(main).toContain('Application-led');
    expect(main).toContain('SaaS');
    expect(main).toContain('test_auc');
    expect(main).toContain('0.92');
    expect(main).toContain('31 May 2027');
    expect(await ui.page.locator('.stages li[aria-current="step"]').textContent()).toBe('Planning');
    projectUrl = ui.page.url();
    await ui.shot('05-project-detail');
  });

  it('exports the project through the job queue and shows the result live', async () => {
    await ui.page.getByRole('button', { name: 'Export project' }).click();
    await ui.page.getByTestId('export-status').filter({ hasText: /Export ready|Export failed/ }).waitFor({ timeout: 60_000 });
    expect(await ui.page.getByTestId('export-status').textContent()).toBe('Export ready');
    await ui.page.getByText('Show the exported data').click();
    const exported = JSON.parse((await ui.page.locator('pre.json').textContent()) ?? '{}') as { project?: { name?: string }; goal?: { metric?: string } };
    expect(exported.project?.name).toBe(project.name);
    expect(exported.goal?.metric).toBe('test_auc');
    await ui.shot('06-project-exported');
  });

  it('edits the project and shows the new stage', async () => {
    await ui.page.getByRole('link', { name: 'Edit' }).click();
    await ui.page.waitForURL(/\/edit$/);
    expect(await ui.page.getByLabel('Name').inputValue()).toBe(project.name);
    await ui.page.getByLabel('Lifecycle stage').selectOption('TRAINING');
    await ui.page.getByRole('button', { name: 'Save changes' }).click();
    // Training needs a dataset, a model design and a compute budget; the owner may override with a reason.
    const criteria = ui.page.getByTestId('stage-criteria');
    await criteria.waitFor();
    expect(await criteria.textContent()).toMatch(/upload a dataset first/);
    await ui.page.getByLabel('Override reason').fill('Pilot data arrives next week; the team starts on the model design now');
    await ui.shot('06b-stage-override');
    await ui.page.getByRole('button', { name: 'Override and save' }).click();
    await ui.page.waitForURL(/\/projects\/(?!new)[^/]+$/);
    await ui.page.locator('.stages li[aria-current="step"]', { hasText: 'Training' }).waitFor();
    // Fields the edit did not touch survive it.
    const main = (await ui.page.locator('main').textContent()) ?? '';
    expect(main).toContain('31 May 2027');
    expect(main).toContain('0.92');
    expect(main).toContain(project.description);
  });

  it('creates a second organisation from the switcher and switches back', async () => {
    const firstOrgUrl = ui.page.url().replace(/\/projects\/.*$/, '');
    await ui.page.locator('.org-switcher summary').click();
    await ui.page.getByRole('link', { name: '+ New organisation' }).click();
    await ui.page.waitForURL(/\/orgs\/new$/);
    await ui.page.getByLabel('Organisation name').fill('Acme Labs');
    await ui.page.getByRole('button', { name: 'Create organisation' }).click();
    await ui.page.getByRole('heading', { name: 'Acme Labs', level: 1 }).waitFor();
    expect(ui.page.url()).not.toBe(firstOrgUrl);
    await ui.page.getByText('Start with a project').waitFor({ state: 'visible' });

    await ui.page.locator('.org-switcher summary').click();
    const menu = ui.page.getByRole('list', { name: 'Your organisations' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Acme Vision'), expect.stringContaining('Acme Labs')]));
    await ui.shot('07-org-switcher');
    await menu.getByRole('link', { name: /Acme Vision/ }).click();
    await ui.page.getByRole('heading', { name: user.org, level: 1 }).waitFor();
    expect(ui.page.url()).toBe(firstOrgUrl);
    await ui.page.getByRole('link', { name: project.name }).first().waitFor();
  });

  it('creates an API key that is shown once and works against the API', async () => {
    await ui.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API keys' }).click();
    await ui.page.waitForURL(/\/api-keys$/);
    await ui.page.getByLabel('Name').fill('CI pipeline');
    await ui.page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await ui.page.getByTestId('new-api-key').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await ui.page.getByText('It is shown only once').waitFor({ state: 'visible' });
    await ui.shot('08-api-key-created');

    const res = await fetch(`${ui.apiUrl}/api/orgs`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain(user.org);
    apiKey = secret;
  });

  it('pages through a project list longer than one page', async () => {
    // Bulk data through the SDK with the key from the previous step: the UI is not the point here.
    const sdk = createClient({ baseUrl: ui.apiUrl, apiKey });
    const orgId = (await sdk.orgs.list())[0].organizationId;
    for (let i = 1; i <= 21; i++) {
      await sdk.projects.create(orgId, { name: `Bulk project ${String(i).padStart(2, '0')}`, startupMode: 'RND', businessModel: 'SAAS' });
    }
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/projects`);
    const rows = ui.page.locator('tbody tr');
    expect(await rows.count()).toBe(20);
    await ui.page.getByRole('link', { name: 'Next →' }).click();
    await ui.page.waitForURL(/after=/);
    await ui.page.getByText('Page 2').waitFor();
    expect(await rows.count()).toBe(2);
    const names = await ui.page.locator('tbody .row-title').allTextContents();
    expect(names).toContain(project.name);
    await ui.page.getByRole('link', { name: '← Previous' }).click();
    await ui.page.getByText('Page 1').waitFor();
    expect(await rows.count()).toBe(20);

    await ui.page.getByRole('link', { name: 'Bulk project 21' }).click();
    await ui.page.getByRole('heading', { name: 'Bulk project 21', level: 1 }).waitFor();
    ui.page.once('dialog', (d) => void d.accept());
    await ui.page.getByRole('button', { name: 'Delete' }).click();
    await ui.page.waitForURL(/\/projects$/);
    await ui.page.getByRole('link', { name: 'Bulk project 20' }).waitFor();
    expect(await ui.page.getByRole('link', { name: 'Bulk project 21' }).count()).toBe(0);
  });

  it('revokes the API key, which then stops working', async () => {
    await ui.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'API keys' }).click();
    await ui.page.waitForURL(/\/api-keys$/);
    const secret = apiKey;
    ui.page.once('dialog', (d) => void d.accept());
    await ui.page.getByRole('row', { name: /CI pipeline/ }).getByRole('button', { name: 'Revoke' }).click();
    await ui.page.getByRole('row', { name: /CI pipeline/ }).getByText('Revoked').waitFor();
    const after = await fetch(`${ui.apiUrl}/api/orgs`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
  });

  it('shows an honest empty state for a section that has no data yet', async () => {
    // A new organisation has no runs: the page says so and how to get one, with no made-up rows.
    await ui.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Training runs' }).click();
    await ui.page.waitForURL(/\/runs$/);
    await ui.page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    expect(await ui.page.locator('table tbody tr').count()).toBe(0);
    await ui.shot('09-empty-section');
  });

  it('signs out', async () => {
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.waitForURL('**/login');
    await ui.page.goto(`${ui.webUrl}/`);
    await ui.page.waitForURL('**/login');
  });

  it('refuses a wrong password with the API message, then signs back in to the project', async () => {
    await ui.page.getByLabel('Work email').fill(user.email);
    await ui.page.getByLabel('Password').fill('not-the-password');
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    const alert = ui.page.locator('form .alert-error');
    await alert.waitFor();
    expect((await alert.textContent())?.length).toBeGreaterThan(5);
    await ui.shot('10-login-refused');
    await ui.page.getByLabel('Password').fill(user.password);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.waitForURL(/\/orgs\/[^/]+$/);
    await ui.page.getByRole('link', { name: project.name }).first().waitFor();
    await ui.shot('11-overview');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const url of [projectUrl, projectUrl.replace(/\/projects\/.*$/, '/projects/new'), projectUrl.replace(/\/projects\/.*$/, '')]) {
        await ui.page.goto(url);
        await ui.page.locator('main h1').waitFor();
        const overflow = await ui.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${url} is wider than the phone screen`).toBeLessThanOrEqual(0);
      }
      await ui.page.goto(projectUrl);
      await ui.page.locator('main h1').waitFor();
      await ui.shot('11-project-detail-phone');
      // The sections fold behind a Menu button on a phone; following a link folds them again.
      const sections = ui.page.getByRole('navigation', { name: 'Sections' });
      expect(await sections.isVisible()).toBe(false);
      await ui.page.getByRole('button', { name: 'Menu' }).click();
      await sections.getByRole('link', { name: 'Projects' }).click();
      await ui.page.waitForURL(/\/projects$/);
      await ui.page.getByRole('button', { name: 'Menu' }).waitFor();
      expect(await sections.isVisible()).toBe(false);
    } finally {
      await ui.page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('refuses a second account with the same email and says why', async () => {
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.waitForURL('**/login');
    await ui.page.goto(`${ui.webUrl}/signup`);
    await ui.page.getByLabel('Your name').fill('Someone Else');
    await ui.page.getByLabel('Work email').fill(user.email);
    await ui.page.getByLabel('Password').fill('another-long-password');
    await ui.page.getByLabel('Company or team name').fill('Other Co');
    await ui.page.getByRole('button', { name: 'Create account' }).click();
    const message = ui.page.locator('#email-error, form .alert-error').first();
    await message.waitFor();
    expect(await message.textContent()).toMatch(/already|exists|taken|registered/i);
    expect(ui.page.url()).toMatch(/\/signup$/);
  });

  it('lets an owner add a member, change their role and remove them', async () => {
    const grace = { name: 'Grace Analyst', email: `grace+${run}@example.com`, password: 'another-long-password' };
    // Still on the sign-up form from the previous step: a fresh email creates Grace's own account.
    await ui.page.getByLabel('Your name').fill(grace.name);
    await ui.page.getByLabel('Work email').fill(grace.email);
    await ui.page.getByLabel('Company or team name').fill('Grace Consulting');
    await ui.page.getByRole('button', { name: 'Create account' }).click();
    await ui.page.waitForURL(/\/orgs\/[^/]+\/projects$/);
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.waitForURL('**/login');

    await ui.page.getByLabel('Work email').fill(user.email);
    await ui.page.getByLabel('Password').fill(user.password);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.waitForURL(/\/orgs\/[^/]+$/);
    await ui.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Members' }).click();
    await ui.page.waitForURL(/\/members$/);

    await ui.page.getByLabel('Email').fill(grace.email);
    await ui.page.getByLabel('Role', { exact: true }).selectOption('VIEWER');
    await ui.page.getByRole('button', { name: 'Add member' }).click();
    const row = ui.page.getByRole('row', { name: new RegExp(grace.name) });
    await row.waitFor();
    const roleSelect = row.getByLabel(`Role of ${grace.name}`);
    expect(await roleSelect.inputValue()).toBe('VIEWER');

    // As a viewer, Grace reads Acme Vision's projects but is offered no way to change them.
    const membersUrl = ui.page.url();
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.waitForURL('**/login');
    await ui.page.getByLabel('Work email').fill(grace.email);
    await ui.page.getByLabel('Password').fill(grace.password);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.waitForURL(/\/orgs\/[^/]+$/);
    await ui.page.goto(projectUrl);
    await ui.page.getByRole('heading', { name: project.name, level: 1 }).waitFor();
    expect(await ui.page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await ui.page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await ui.page.getByRole('button', { name: 'Export project' }).isDisabled()).toBe(true);
    await ui.page.goto(projectUrl.replace(/\/[^/]+$/, ''));
    await ui.page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    expect(await ui.page.getByRole('link', { name: 'New project' }).count()).toBe(0);
    expect(await ui.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await ui.shot('12-viewer-projects');
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.waitForURL('**/login');
    await ui.page.getByLabel('Work email').fill(user.email);
    await ui.page.getByLabel('Password').fill(user.password);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.waitForURL(/\/orgs\/[^/]+$/);
    await ui.page.goto(membersUrl);

    await ui.page.getByRole('row', { name: new RegExp(grace.name) }).getByLabel(`Role of ${grace.name}`).selectOption('MEMBER');
    await ui.page.reload();
    expect(await ui.page.getByRole('row', { name: new RegExp(grace.name) }).getByLabel(`Role of ${grace.name}`).inputValue()).toBe('MEMBER');
    await ui.shot('13-members');

    ui.page.once('dialog', (d) => void d.accept());
    await ui.page.getByRole('row', { name: new RegExp(grace.name) }).getByRole('button', { name: 'Remove' }).click();
    await ui.page.getByRole('row', { name: new RegExp(grace.name) }).waitFor({ state: 'detached' });
    await ui.page.getByRole('button', { name: 'Sign out' }).click();
    await ui.page.waitForURL('**/login');
  });

  it('tells the visitor when sign-in attempts are rate limited', async () => {
    await ui.page.goto(`${ui.webUrl}/login`);
    const alert = ui.page.locator('form .alert-error');
    let text = '';
    // Each refused attempt counts; the API's limit (12 a minute here, 20 by default) ends the loop.
    for (let attempt = 0; attempt < 30 && !/too many/i.test(text); attempt++) {
      await ui.page.getByLabel('Work email').fill(user.email);
      await ui.page.getByLabel('Password').fill(`wrong-password-${attempt}`);
      await ui.page.getByRole('button', { name: 'Sign in' }).click();
      await ui.page.getByRole('button', { name: 'Sign in' }).waitFor();
      await alert.waitFor();
      text = (await alert.textContent()) ?? '';
    }
    expect(text).toMatch(/too many/i);
    await ui.shot('14-login-rate-limited');
  });

  it('logged no errors in the browser console', () => {
    expect(ui.pageErrors).toEqual([]);
  });
});
