// Datasets in a real browser: create a dataset, upload the repo's digits-8x8.csv through the
// dashboard (XMLHttpRequest with a progress bar, via the proxy to the API and the artifact store),
// watch the profile become READY live, read its schema, class balance and preview, edit governance.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, signUpWithProject, useDashboard } from './harness';

const ui = useDashboard({ name: 'datasets', defaultTimeout: 30_000, failurePrefix: 'datasets-failed-' });
let orgId = '';

describe('datasets in a real browser', () => {
  it('uploads digits-8x8.csv with a progress bar and shows its profile once ready', async () => {
    ({ orgId } = await signUpWithProject(ui, { emailPrefix: 'ds', name: 'Dee Data', organizationName: 'Digits Inc', project: 'Digit reader' }));

    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/datasets`);
    const create = ui.page.getByRole('form', { name: 'New dataset' });
    await create.getByLabel('Name').fill('digits');
    await create.getByRole('button', { name: 'Create dataset' }).click();
    await ui.page.waitForURL(/\/datasets\/[^/]+$/);

    const upload = ui.page.getByRole('form', { name: 'Upload a new version' });
    await upload.getByLabel(/^File/).setInputFiles(join(repoRoot, 'datasets/digits-8x8.csv'));
    await upload.getByLabel(/Label column/).fill('label');
    await upload.getByRole('button', { name: 'Upload' }).click();
    await ui.page.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
    await ui.page.waitForURL(/\/versions\/[^/?]+/);
    await ui.shot('datasets-01-version-profiling');

    // The status badge polls and the page re-renders with the profile when the worker is done.
    await ui.page.getByTestId('profile-status').filter({ hasText: 'Profiled' }).waitFor({ timeout: 60_000 });
    await ui.page.getByTestId('row-count').filter({ hasText: '1,797' }).waitFor();
    await expect(ui.page.getByTestId('schema-table').locator('tbody tr').count()).resolves.toBe(65);
    await expect(ui.page.getByTestId('class-balance').locator('li').count()).resolves.toBe(10);
    await expect(ui.page.getByTestId('preview-table').locator('tbody tr').count()).resolves.toBe(20);
    await ui.shot('datasets-02-version-profile');
  });

  it('edits governance and lists the dataset with its profiled version', async () => {
    const gov = ui.page.getByRole('form', { name: 'Governance' });
    await gov.getByLabel('Source').selectOption('PUBLIC');
    await gov.getByLabel('Licence').fill('CC BY 4.0');
    await gov.getByLabel('Retention (days)').fill('365');
    await gov.getByRole('button', { name: 'Save governance' }).click();
    await gov.getByText('Saved. The change is in the audit log.').waitFor();

    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/datasets`);
    const row = ui.page.getByRole('row', { name: /digits/ });
    await row.getByText('Profiled').waitFor();
    await expect(row.textContent()).resolves.toMatch(/1,797/);
    await ui.shot('datasets-03-list');
    expect(ui.pageErrors).toEqual([]);
  });
});
