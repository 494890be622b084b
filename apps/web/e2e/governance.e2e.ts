// Governance in a real browser on the seeded demo startup: open the Fair Lending Scorecard's failing
// fairness audit, see its verdict, parity flags and how far the mitigation narrows the gap, download
// the PDF report; the risk it raised is in the register's heat map; the demo model version's card
// shows its failing audit, promoting it to production is refused with that audit as the reason, and
// the owner's accepted exception (with a justification) is what the gate then reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient } from '@meridian/sdk';
import { useDashboard } from './harness';

let orgId = '';
let auditId = '';
let modelVersionId = '';
let modelAuditId = '';
let lendingProjectId = '';
let highCell = 0;
const DEMO = { email: 'demo@meridian.local', password: 'governance-e2e-demo' };

const ui = useDashboard({
  name: 'gov',
  env: { SEED_DEMO: 'true', DEMO_PASSWORD: DEMO.password, RATE_LIMIT_AUTH_PER_MINUTE: '100' },
  defaultTimeout: 20_000,
  failurePrefix: 'gov-failed-',
  // The seeded audit, found through the API as the demo user.
  beforeWeb: async (apiUrl) => {
    let cookie = '';
    const client = createClient({
      baseUrl: apiUrl,
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
    lendingProjectId = modelAudit.projectId;
    highCell = (await client.risks.heatMap(orgId)).rows[3][4].count; // likelihood 4, impact 5
  },
});

describe('governance dashboard', () => {
  it('signs in as the demo founder', async () => {
    await ui.page.goto(`${ui.webUrl}/login`);
    await ui.page.getByLabel('Work email').fill(DEMO.email);
    await ui.page.getByLabel('Password').fill(DEMO.password);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.waitForURL(`**/orgs/${orgId}**`);
  });

  it('lists the failing audit and opens its report with the failed parity flags', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/audits`);
    await ui.page.getByRole('link', { name: 'scorecard-v3-holdout-predictions.csv' }).click();
    await ui.page.waitForURL(`**/audits/${auditId}`);
    await expect.poll(() => ui.page.locator('[data-verdict="FAIL"]').count()).toBeGreaterThan(0);
    const reasons = ui.page.getByRole('list', { name: 'Reasons' });
    await expect.poll(() => reasons.textContent()).toMatch(/applicant_sex='female': pprev disparity 0\.\d+ against 'male' is outside \[0\.800, 1\.250\]/);
    expect(await ui.page.locator('td[data-parity="fail"]').count()).toBeGreaterThan(0);
    expect(await ui.page.locator('g[data-group="female|A"]').count()).toBe(2); // selection rate and TPR charts
    expect(await ui.page.getByRole('table', { name: 'Group thresholds before and after' }).count()).toBe(1);
    // the mitigation narrows the demographic parity difference, in numbers
    const narrowing = ui.page.getByTestId('mitigation-thresholds');
    expect(await narrowing.getAttribute('data-narrows')).toBe('true');
    expect(Math.abs(Number(await narrowing.getAttribute('data-after')))).toBeLessThan(Math.abs(Number(await narrowing.getAttribute('data-before'))) / 2);
    expect(await narrowing.textContent()).toMatch(/Group thresholds narrow the demographic parity difference from 0\.\d+ to -?0\.0\d+/);
    // equalized-odds thresholds too, and where the numbers were measured (the half the fit never saw)
    expect(await ui.page.getByRole('table', { name: 'Equalized odds thresholds before and after' }).count()).toBe(1);
    expect(await ui.page.getByTestId('mitigation-evaluation').textContent()).toMatch(/fitted on one half of the audit rows .* measured on the other half/);
    // an uploaded predictions file never counts for the promotion gate, and the page says so
    expect(await ui.page.locator('[data-gate-eligible="false"]').textContent()).toMatch(/Not counted by the promotion gate: uploaded predictions are not evidence/);
    await ui.shot('gov-01-failing-audit');
  });

  it('downloads the PDF report', async () => {
    const [download] = await Promise.all([ui.page.waitForEvent('download'), ui.page.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`fairness-audit-${auditId}.pdf`);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows the risk the audit raised in the register and its heat map', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/risks`);
    await expect.poll(() => ui.page.getByRole('link', { name: /Fairness audit failed for predictions file/ }).count()).toBe(1);
    expect(highCell).toBeGreaterThanOrEqual(1);
    expect(Number(await ui.page.locator(`a[aria-label="likelihood 4, impact 5: ${highCell} risk${highCell === 1 ? '' : 's'}"]`).getAttribute('data-count'))).toBe(highCell);
    expect(await ui.page.locator('[data-overdue="true"]').count()).toBeGreaterThan(0);
    await ui.shot('gov-02-risk-register');
  });

  it("opens the demo model version's card with its failing audit and the gate's answer", async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/model-cards/${modelVersionId}`);
    await expect.poll(() => ui.page.getByRole('heading', { name: /Model card · Fair Lending Scorecard v1/ }).count()).toBe(1);
    const fairness = ui.page.getByRole('region', { name: 'Fairness' });
    await expect.poll(() => fairness.locator('[data-verdict="FAIL"]').count()).toBeGreaterThan(0);
    expect(await fairness.locator(`tr[data-audit="${modelAuditId}"] [data-verdict="FAIL"]`).count()).toBe(1);
    expect(await fairness.locator('[data-gate="refused"]').textContent()).toContain(`fairness audit ${modelAuditId}`);
    expect(await ui.page.getByRole('region', { name: 'Intended use' }).textContent()).toMatch(/credit officer/);
    expect(await ui.page.getByRole('region', { name: 'Data' }).textContent()).toMatch(/loan-applications v1 · loan-applications\.csv · 3,000 rows/);
    expect(await ui.page.getByRole('region', { name: 'Risks' }).locator('li').count()).toBeGreaterThan(0);
    await ui.shot('gov-03-model-card');
  });

  it('refuses to promote the demo model to production and shows the failed audit as the reason', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/models/${modelVersionId}`);
    const form = ui.page.getByRole('form', { name: 'Move an alias' });
    await form.locator('select').selectOption('production');
    await form.getByPlaceholder('Why this version').fill('Go live for the spring campaign');
    await form.getByRole('button', { name: 'Make production' }).click();
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/Promotion to production refused: .*fairness-audit: the latest fairness audit .* FAILED/);
    expect(await alert.textContent()).toContain(modelAuditId);
    expect(await alert.textContent()).toMatch(/have an owner record an accepted exception/);
    await ui.shot('gov-04-promotion-refused');
  });

  it("lets the owner accept an exception with a justification, which the model card's gate then reads", async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/audits/${modelAuditId}`);
    // the lineage by name, with links: the dataset version the model predicted on, the run, the model version
    const lineage = ui.page.getByRole('region', { name: 'Lineage' });
    await expect.poll(() => lineage.locator('[data-lineage="data"]').textContent()).toMatch(/loan-applications v1 · loan-applications\.csv · sha256 [0-9a-f]{16}…/);
    expect(await lineage.locator('[data-lineage="data"] a').getAttribute('href')).toMatch(new RegExp(`^/orgs/${orgId}/datasets/.+/versions/`));
    expect(await lineage.locator('[data-lineage="run"] a').getAttribute('href')).toMatch(new RegExp(`^/orgs/${orgId}/runs/`));
    expect(await lineage.locator('[data-lineage="model"] a').first().getAttribute('href')).toBe(`/orgs/${orgId}/models/${modelVersionId}`);
    expect(await ui.page.locator('[data-gate-eligible="true"]').count()).toBe(1);
    const section = ui.page.getByRole('region', { name: 'Promotion exception' });
    await expect.poll(() => section.locator('[data-exception="none"]').count()).toBe(1);
    const form = section.getByRole('form', { name: 'Accept an exception' });
    const button = form.getByRole('button', { name: 'Accept the exception' });
    await form.getByLabel(/Justification/).fill('too short');
    expect(await button.isDisabled()).toBe(true);
    await form.getByLabel(/Justification/).fill('Pilot in one branch: a credit officer reviews every application until the retrained model passes.');
    await button.click();
    await expect.poll(() => section.locator('[data-exception="accepted"]').count()).toBe(1);
    expect(await section.locator('[data-exception="accepted"]').textContent()).toMatch(/Exception accepted by Dana Whitfield .*Pilot in one branch/);
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/model-cards/${modelVersionId}`);
    const gate = ui.page.getByRole('region', { name: 'Fairness' }).locator('[data-gate="ok"]');
    await expect.poll(() => gate.count()).toBe(1);
    expect(await gate.textContent()).toMatch(/failed, with an exception accepted by Dana Whitfield/);
    await ui.shot('gov-05-exception-accepted');
  });

  it("shows the project's fairness policy to the owner, who tightens it; an audit judged more loosely then says it no longer counts", async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/risks/projects/${lendingProjectId}`);
    const form = ui.page.getByRole('form', { name: 'Fairness policy' });
    await expect.poll(() => form.getByLabel('Parity tolerance τ').inputValue()).toBe('0.8');
    expect(await form.textContent()).toMatch(/the standard policy applies/);
    await form.getByLabel('Parity tolerance τ').fill('0.85');
    await form.getByLabel('Required sensitive columns').fill('applicant_sex');
    await form.getByRole('button', { name: 'Save the policy' }).click();
    await expect.poll(() => form.textContent()).toMatch(/Last changed by Dana Whitfield/);
    await ui.page.reload();
    await expect.poll(() => ui.page.getByRole('form', { name: 'Fairness policy' }).getByLabel('Parity tolerance τ').inputValue()).toBe('0.85');
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/audits/${modelAuditId}`);
    await expect.poll(() => ui.page.locator('[data-gate-eligible="false"]').textContent()).toMatch(/tau 0\.8 is looser than the project's fairness policy \(tau 0\.85\)/);
    await ui.shot('gov-06-fairness-policy');
    expect(ui.pageErrors).toEqual([]);
  });
});
