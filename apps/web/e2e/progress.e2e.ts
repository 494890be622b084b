// The demo startup's progress in a real browser: the overview shows milestones at risk and the
// over-allocated person, the team page flags them, and Churn Radar's Gantt highlights the critical
// path computed by libs/planning through the API; a kanban move is saved; the team forms (people,
// allocations, roles, review periods, reviews) and task deletion work with the API's field errors
// shown next to their fields. Screenshots go to
// test-output/e2e-progress (the dashboard test clears test-output/e2e at its start).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, useDashboard } from './harness';

let orgUrl = '';
const DEMO = { email: 'demo@meridian.local', password: 'meridian-demo-2026' };
const ui = useDashboard({
  name: 'progress',
  env: { SEED_DEMO: 'true', DEMO_PASSWORD: DEMO.password, PASSWORD_SCRYPT_LOG_N: '12' },
  defaultTimeout: 20_000,
  screenshots: join(repoRoot, 'test-output', 'e2e-progress'),
  clearScreenshots: true,
  failurePrefix: 'failed-',
  failureNameChars: 60,
  consoleErrors: true,
});

describe('team and progress of the demo startup', () => {
  it('signs in to the demo and the overview shows milestones at risk and workload warnings', async () => {
    await ui.page.goto(`${ui.webUrl}/login`);
    await ui.page.getByLabel('Email').fill(DEMO.email);
    await ui.page.getByLabel('Password').fill(DEMO.password);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.waitForURL(/\/orgs\/[^/]+/);
    orgUrl = /^.*\/orgs\/[^/?#]+/.exec(ui.page.url())?.[0] ?? '';
    await ui.page.goto(orgUrl);
    const risk = ui.page.getByTestId('milestones-at-risk');
    await risk.waitFor();
    expect(await risk.textContent()).toContain('Scorecard AUC of 0.78');
    const workload = ui.page.getByTestId('team-workload');
    expect(await workload.textContent()).toMatch(/Marcus Chen.*130 %/);
    await ui.shot('01-overview');
  });

  it('the team page flags the over-allocated person and shows hiring and reviews', async () => {
    await ui.page.goto(`${orgUrl}/team`);
    await ui.page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    const over = ui.page.locator('[data-testid="team-table"] tr[data-over="true"]');
    expect(await over.count()).toBe(1);
    expect(await over.textContent()).toContain('Marcus Chen');
    await ui.page.getByText('Filled in 38 days').waitFor({ state: 'visible' });
    await ui.page.getByRole('cell', { name: 'Team roll-up' }).waitFor({ state: 'visible' });
    await ui.shot('02-team');
  });

  it('refuses an allocation above the hard cap with a clear message and changes nothing', async () => {
    const form = ui.page.getByRole('form', { name: 'Set an allocation' });
    await form.getByLabel('Person').selectOption({ label: 'Marcus Chen' });
    await form.getByLabel('Project').selectOption({ label: 'Retail Demand Embeddings' });
    await form.getByLabel('Percent (0 removes)').fill('30');
    await form.getByRole('button', { name: 'Save' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/160 % in total, above the hard cap of 150 %/);
    await ui.page.reload();
    const marcus = ui.page.locator('[data-testid="team-table"] tr').filter({ hasText: 'Marcus Chen' });
    expect(await marcus.textContent()).toContain('130 % over-allocated');
    expect(await marcus.textContent()).not.toContain('Retail Demand Embeddings');
  });

  it('adds a person, ends their allocation and removes them', async () => {
    await ui.page.getByText('Add a person', { exact: true }).click();
    const add = ui.page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('Name').fill('Temp Contractor');
    await add.getByRole('button', { name: 'Add person' }).click();
    const row = ui.page.locator('[data-testid="team-table"] tr').filter({ hasText: 'Temp Contractor' });
    await row.waitFor({ state: 'visible' });
    const alloc = ui.page.getByRole('form', { name: 'Set an allocation' });
    await alloc.getByLabel('Person').selectOption({ label: 'Temp Contractor' });
    await alloc.getByLabel('Project').selectOption({ label: 'Churn Radar' });
    await alloc.getByLabel('Percent (0 removes)').fill('40');
    await alloc.getByRole('button', { name: 'Save' }).click();
    await alloc.getByText('Temp Contractor is now allocated 40 % in total.').waitFor({ state: 'visible' });
    await row.getByText('Churn Radar').waitFor({ state: 'visible' });
    await row.getByRole('button', { name: "End Temp Contractor's allocation to Churn Radar" }).click();
    await row.getByText('unallocated').waitFor({ state: 'visible' });
    await row.getByRole('button', { name: 'Remove Temp Contractor' }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await row.waitFor({ state: 'detached' });
    await ui.page.reload();
    expect(await ui.page.locator('[data-testid="team-table"] tr').filter({ hasText: 'Temp Contractor' }).count()).toBe(0);
  });

  it('opens a role and closes it without a hire; a date before the opening shows next to the date', async () => {
    await ui.page.getByText('Open a role', { exact: true }).click();
    const open = ui.page.getByRole('form', { name: 'Open a role' });
    await open.getByLabel('Role title').fill('Platform engineer');
    await open.getByLabel('Opened on').fill('2026-11-02');
    await open.getByRole('button', { name: 'Open role' }).click();
    const close = ui.page.getByRole('form', { name: 'Close Platform engineer' });
    await close.waitFor({ state: 'visible' });
    await close.getByLabel('Closed on').fill('2026-10-01');
    await close.getByRole('button', { name: 'Close without a hire' }).click();
    const err = close.locator('label.field', { hasText: 'Closed on' }).locator('.field-error');
    await err.waitFor({ state: 'visible' });
    expect(await err.textContent()).toBe('is before the role opened (2026-11-02)');
    await close.getByLabel('Closed on').fill('2026-11-10');
    await close.getByRole('button', { name: 'Close without a hire' }).click();
    await ui.page.getByRole('heading', { name: /Platform engineer/ }).getByText(/Closed without a hire/).waitFor({ state: 'visible' });
    await ui.shot('02b-role-closed');
  });

  it('opens a review period; an end before the start shows next to the end date', async () => {
    await ui.page.getByText('Open a review period', { exact: true }).click();
    const form = ui.page.getByRole('form', { name: 'Open a review period' });
    await form.getByLabel('Period name').fill('H1 2027');
    await form.getByLabel('Starts').fill('2027-06-30');
    await form.getByLabel('Ends').fill('2027-01-01');
    await form.getByRole('button', { name: 'Open period' }).click();
    const err = form.locator('label.field', { hasText: 'Ends' }).locator('.field-error');
    await err.waitFor({ state: 'visible' });
    expect(await err.textContent()).toBe('the end date must be on or after the start date');
    await form.getByLabel('Starts').fill('2027-01-01');
    await form.getByLabel('Ends').fill('2027-06-30');
    await form.getByRole('button', { name: 'Open period' }).click();
    await ui.page.getByRole('heading', { name: /H1 2027/ }).waitFor({ state: 'visible' });
  });

  it('records a review with KPI scores; a score out of range shows next to its KPI, nothing saved', async () => {
    const summary = ui.page.getByText('Record a review', { exact: true });
    const form = ui.page.getByRole('form', { name: 'Record a review' });
    if (!(await form.isVisible())) await summary.click();
    await form.getByLabel('Period').selectOption({ label: 'H1 2027' });
    await form.getByLabel('Person').selectOption({ label: 'Marcus Chen' });
    await form.getByLabel('Technical ability (1–5)').fill('6');
    await form.getByLabel('Teamwork (1–5)').fill('5');
    await form.getByRole('button', { name: 'Save review' }).click();
    const err = form.locator('label.field', { hasText: 'Technical ability' }).locator('.field-error');
    await err.waitFor({ state: 'visible' });
    expect(await err.textContent()).toBe('a score is 1 to 5');
    expect(await form.locator('label.field', { hasText: 'Teamwork' }).locator('.field-error').count()).toBe(0);
    await form.getByLabel('Technical ability (1–5)').fill('4');
    await form.getByLabel('Project contribution (1–5)').fill('3');
    await form.getByLabel('Custom KPI (optional)').fill('customer_focus');
    await form.getByLabel('Custom KPI score (1–5)').fill('4');
    await form.getByRole('button', { name: 'Save review' }).click();
    await form.getByText('Saved: Marcus Chen averages 4 in H1 2027.').waitFor({ state: 'visible' });
    await ui.page.reload();
    const period = ui.page.getByRole('heading', { name: /H1 2027/ }).locator('xpath=following-sibling::div[1]//table');
    await period.getByRole('columnheader', { name: 'Customer focus' }).waitFor({ state: 'visible' });
    expect(await period.locator('tr').filter({ hasText: 'Marcus Chen' }).textContent()).toMatch(/4.*3.*5.*4/);
    await ui.page.getByRole('heading', { name: /H1 2027/ }).scrollIntoViewIfNeeded();
    await ui.shot('02c-review-recorded');
  });

  it("opens Churn Radar's Gantt with the critical path highlighted", async () => {
    await ui.page.goto(`${orgUrl}/milestones`);
    await ui.page.getByRole('heading', { name: 'Milestones', level: 1 }).waitFor();
    expect(await ui.page.locator('tr[data-status="AT_RISK"]').count()).toBeGreaterThanOrEqual(1);
    await ui.page.getByRole('listitem').filter({ hasText: 'Churn Radar' }).getByRole('link', { name: 'Board, Gantt and burn-up' }).click();
    await ui.page.waitForURL(/\/progress$/);
    const gantt = ui.page.getByTestId('gantt');
    await gantt.waitFor();
    const critical = gantt.locator('g.gantt-task[data-critical="true"]');
    expect(await critical.count()).toBe(7);
    expect(await gantt.locator('g.gantt-task[data-critical="false"]').count()).toBe(5);
    // Highlighted: critical bars are drawn red, the others in the accent colour.
    expect(await critical.first().locator('rect').last().getAttribute('fill')).toBe('#c62f2f');
    expect(await gantt.locator('g.gantt-task[data-critical="false"] rect[rx="4"]').first().getAttribute('fill')).toBe('#3b4fd8');
    expect(await gantt.locator('path[data-critical="true"]').count()).toBe(6);
    const path = await ui.page.getByTestId('critical-path').textContent();
    expect(path).toContain('Define the churn label and cohorts → Build the product-usage event pipeline → Feature engineering');
    expect(path).toContain('Go/no-go review with the leadership team');
    await gantt.scrollIntoViewIfNeeded();
    await ui.shot('03-gantt-critical-path');
  });

  it('refuses a dependency that would close a cycle, naming it, and keeps the plan', async () => {
    const form = ui.page.getByRole('form', { name: 'Edit dependencies' });
    await form.getByLabel('Task').selectOption({ label: 'Define the churn label and cohorts' });
    await form.getByLabel('Starts after (finish-to-start)').selectOption({ label: 'Go/no-go review with the leadership team' });
    await form.getByRole('button', { name: 'Save dependencies' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/cycle: "Define the churn label and cohorts" → .* → "Go\/no-go review with the leadership team" → "Define the churn label and cohorts"/);
    expect(text).toContain('nothing was saved');
    await form.scrollIntoViewIfNeeded();
    await ui.shot('04-cycle-refused');
    await ui.page.reload();
    expect(await ui.page.getByTestId('gantt').locator('g.gantt-task[data-critical="true"]').count()).toBe(7);
  });

  it('moves a card on the kanban board and the move is saved', async () => {
    const card = ui.page.locator('[data-testid="kanban"] article').filter({ hasText: 'Train and tune the gradient-boosted model' });
    await card.getByRole('button', { name: /to In progress/ }).click();
    await ui.page.locator('[data-column="IN_PROGRESS"] article').filter({ hasText: 'Train and tune the gradient-boosted model' }).waitFor();
    await ui.page.reload();
    await ui.page.locator('[data-column="IN_PROGRESS"] article').filter({ hasText: 'Train and tune the gradient-boosted model' }).waitFor();
    await ui.shot('05-kanban');
  });

  it('deleting a task others depend on names them and deletes nothing; a task without dependents goes', async () => {
    const first = ui.page.locator('[data-testid="kanban"] article').filter({ hasText: 'Define the churn label and cohorts' });
    await first.getByRole('button', { name: 'Delete Define the churn label and cohorts' }).click();
    await first.getByRole('button', { name: 'Delete task' }).click();
    const alert = first.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.textContent()).toMatch(/"Define the churn label and cohorts" cannot be deleted: .*"Build the product-usage event pipeline".* depend on it.*nothing was deleted/);
    await first.getByRole('button', { name: 'Delete and drop those dependencies' }).waitFor({ state: 'visible' });
    await first.scrollIntoViewIfNeeded();
    await ui.shot('06-delete-refused');
    await first.getByRole('button', { name: 'Cancel' }).click();

    const last = ui.page.locator('[data-testid="kanban"] article').filter({ hasText: 'Go/no-go review with the leadership team' });
    await last.getByRole('button', { name: 'Delete Go/no-go review with the leadership team' }).click();
    await last.getByRole('button', { name: 'Delete task' }).click();
    await last.waitFor({ state: 'detached' });
    await ui.page.reload();
    await ui.page.getByTestId('kanban').waitFor();
    expect(await ui.page.locator('[data-testid="kanban"] article').filter({ hasText: 'Go/no-go review with the leadership team' }).count()).toBe(0);
    expect(await ui.page.locator('[data-testid="kanban"] article').filter({ hasText: 'Define the churn label and cohorts' }).count()).toBe(1);
  });

  it('deletes a milestone after a second click', async () => {
    await ui.page.goto(`${orgUrl}/milestones`);
    const row = ui.page.locator('tr').filter({ hasText: 'Recall of 0.80 on the Q1 hold-out' });
    await row.getByRole('button', { name: 'Delete the milestone Recall of 0.80 on the Q1 hold-out' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await row.waitFor({ state: 'detached' });
    await ui.page.reload();
    await ui.page.getByRole('heading', { name: 'Milestones', level: 1 }).waitFor();
    expect(await ui.page.locator('tr').filter({ hasText: 'Recall of 0.80 on the Q1 hold-out' }).count()).toBe(0);
    expect(ui.pageErrors).toEqual([]);
  });
});
