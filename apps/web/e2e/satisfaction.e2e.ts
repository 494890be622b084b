// Costs and satisfaction in a real browser: the runway card shows the API's numbers, and feedback
// submitted through the embeddable widget (a page on another origin, the public endpoint with a
// project key, CORS *) changes the NPS the dashboard shows.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotDir, signUpWithProject, useDashboard } from './harness';

const ui = useDashboard({ name: 'sat', defaultTimeout: 20_000, failurePrefix: 'sat-failed-' });
let orgId = '';
let projectId = '';
let feedbackKey = '';
let surveyId = '';

const lastMonthDay = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 15)).toISOString().slice(0, 10);
})();

describe('costs and satisfaction in a real browser', () => {
  it('signs up, records money and feedback through the API (via the dashboard proxy)', async () => {
    // ui.page.request shares the browser's cookie jar, so the session is the dashboard's.
    const r = ui.page.request;
    ({ orgId, projectId } = await signUpWithProject(ui, { emailPrefix: 'sat', name: 'Sam Satisfied', organizationName: 'Feedback Labs', project: 'Support bot' }));
    expect((await r.post(`${ui.webUrl}/api/orgs/${orgId}/finance/funding-rounds`, { data: { type: 'SEED', amount: { minor: 12_000_000, currency: 'USD' }, date: '2025-01-01' } })).status()).toBe(201);
    // One 10,000.00 USD month in the 3-month window → average cost 3,333.33 a month.
    expect((await r.post(`${ui.webUrl}/api/orgs/${orgId}/finance/costs`, { data: { projectId, date: lastMonthDay, category: 'PEOPLE', amount: { minor: 1_000_000, currency: 'USD' } } })).status()).toBe(201);
    // A budget written after the cost, so no cost write has checked it yet: nearly spent a third of the way in.
    const d = new Date();
    const budget = { projectId, category: 'PEOPLE', amount: { minor: 1_050_000, currency: 'USD' }, periodStart: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 10), periodEnd: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 0)).toISOString().slice(0, 10) };
    expect((await r.post(`${ui.webUrl}/api/orgs/${orgId}/finance/budgets`, { data: budget })).status()).toBe(201);
    const key = await r.post(`${ui.webUrl}/api/orgs/${orgId}/projects/${projectId}/feedback-keys`, { data: { name: 'Widget' } });
    feedbackKey = ((await key.json()) as { key: string }).key;
    const survey = await r.post(`${ui.webUrl}/api/orgs/${orgId}/projects/${projectId}/surveys`, { data: { name: 'After support chat', kind: 'CSAT', question: 'How satisfied are you with the answer?' } });
    expect(survey.status()).toBe(201);
    surveyId = ((await survey.json()) as { id: string }).id;
    // Two detractors straight to the API: NPS −100.
    for (const nps of [2, 4]) {
      const res = await fetch(`${ui.apiUrl}/api/public/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-feedback-key': feedbackKey }, body: JSON.stringify({ nps, comment: 'Answers are slow and wrong' }) });
      expect(res.status).toBe(201);
    }
  });

  it('shows the runway and the NPS on the overview and the costs page', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}`);
    const summary = (await (await ui.page.request.get(`${ui.webUrl}/api/orgs/${orgId}/finance/summary`)).json()) as { runway: { kind: string; months: number } };
    expect(summary.runway.kind).toBe('FINITE');
    await expect(ui.page.getByTestId('runway-months').textContent()).resolves.toBe(`${summary.runway.months.toFixed(1)} months`);
    await expect(ui.page.getByTestId('overview-nps').textContent()).resolves.toBe('NPS -100');
    await ui.shot('sat-01-overview-cards');
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/costs`);
    // The page streams (loading.tsx): wait for the chart rather than sampling visibility once.
    await ui.page.getByTestId('burn-chart').waitFor({ state: 'visible' });
    // "Check now" raises the budget's FINANCIAL risk at once (before any cost written here checks it); a second check raises nothing more.
    const check = ui.page.getByTestId('check-risks');
    await check.getByRole('button', { name: 'Check now' }).click();
    await expect(check.getByTestId('check-risks-result').textContent()).resolves.toMatch(/raised [1-9]\d* financial risks? and 0 satisfaction risks/);
    const risks = (await (await ui.page.request.get(`${ui.webUrl}/api/orgs/${orgId}/risks?projectId=${projectId}`)).json()) as { items: { category: string }[] };
    expect(risks.items.map((x) => x.category)).toContain('FINANCIAL');
    await check.getByRole('button', { name: 'Check now' }).click();
    await check.getByText(/no new risk/).waitFor();
    await ui.page.getByRole('button', { name: 'Run scenario' }).click();
    await ui.page.getByTestId('scenario-result').waitFor();
    await expect(ui.page.getByTestId('scenario-result').textContent()).resolves.toMatch(/Baseline runway/);
    // The add form: a malformed amount is refused in words, a good one is saved.
    const add = ui.page.getByRole('form', { name: 'Add a money record' });
    await add.getByLabel('Amount').fill('12,5.x');
    await add.getByRole('button', { name: 'Save' }).click();
    await add.getByText(/Amount: write a positive number/).waitFor();
    await add.getByLabel('Amount').fill('250.00');
    await add.getByLabel('Description').fill('Design tool licence');
    await add.getByRole('button', { name: 'Save' }).click();
    await add.getByText('Saved.').waitFor();
    await ui.page.getByText('Design tool licence').first().waitFor();
    await ui.shot('sat-02-costs');
  });

  it('feedback submitted through the embeddable widget changes the NPS shown', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/feedback?project=${projectId}`);
    await expect(ui.page.getByTestId('nps-value').textContent()).resolves.toBe('-100');
    // A customer's page on another origin (about:blank → Origin: null) embeds the widget.
    const customer = await ui.context.newPage();
    await customer.setContent(`<html><body><h1>Customer site</h1><div id="meridian-feedback"></div><script src="${ui.apiUrl}/api/public/feedback/widget.js" data-key="${feedbackKey}"></script></body></html>`);
    await customer.getByRole('button', { name: 'Score 10' }).click();
    await customer.getByPlaceholder('Anything to add? (optional)').fill('Much better since the update, fast and accurate');
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByText('Thank you!').waitFor();
    await customer.screenshot({ path: join(screenshotDir, 'sat-03-widget.png') });
    await customer.close();
    // 1 promoter, 2 detractors of 3 → NPS −33.3.
    await ui.page.reload();
    await expect(ui.page.getByTestId('nps-value').textContent()).resolves.toBe('-33.3');
    await expect(ui.page.getByTestId('comments').textContent()).resolves.toContain('Much better since the update');
    await ui.shot('sat-04-feedback-after');
    expect(ui.pageErrors).toEqual([]);
  });

  it('the widget also asks CSAT for a survey and thumbs, and tells the embedding page about a set-up mistake', async () => {
    const customer = await ui.context.newPage();
    const warnings: string[] = [];
    customer.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    const page = (attrs: string) => `<html><body><div id="meridian-feedback"></div><script src="${ui.apiUrl}/api/public/feedback/widget.js" data-key="${feedbackKey}" ${attrs}></script></body></html>`;
    await customer.setContent(page(`data-kind="csat" data-survey="${surveyId}" data-question="How satisfied are you with the answer?"`));
    await customer.getByText('How satisfied are you with the answer?').first().waitFor();
    expect(await customer.getByRole('button', { name: /^Rating \d of 5$/ }).count()).toBe(5);
    await customer.getByRole('button', { name: 'Rating 5 of 5' }).click();
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByText('Thank you!').waitFor();
    await customer.screenshot({ path: join(screenshotDir, 'sat-05-widget-csat.png') });
    // Thumbs, tied to a model version that is not this project's: refused with 422, told in the console.
    await customer.setContent(page('data-kind="thumbs" data-model-version="not-a-version-of-this-project"'));
    await customer.getByRole('button', { name: 'Thumbs up' }).click();
    await customer.getByRole('button', { name: 'Send' }).click();
    await customer.getByText('Could not send feedback.').waitFor();
    await expect.poll(() => warnings.join('\n')).toMatch(/Meridian feedback widget: .*modelVersionId/);
    await customer.close();

    const stats = (await (await ui.page.request.get(`${ui.webUrl}/api/orgs/${orgId}/projects/${projectId}/feedback`)).json()) as { overall: { csat: { n: number; satisfied: number }; thumbsUp: number }; comments: unknown[] };
    expect(stats.overall.csat).toMatchObject({ n: 1, satisfied: 1 });
    expect(stats.overall.thumbsUp).toBe(0);
    expect(ui.pageErrors).toEqual([]);
  });
});
