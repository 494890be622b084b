// The model registry's challenger comparison in a real browser: two digits runs trained through the
// API (one epoch and eight), the weak one made champion, then on the strong version's page the
// "Compare with the champion" button queues model.compare, the page shows both models side by side
// on the same test rows with the winner and why it was not promoted, and the registry page lists
// the project's aliases. Screenshots go to test-output/e2e.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot, signUpWithProject, useDashboard } from './harness';

const ui = useDashboard({ name: 'models', defaultTimeout: 30_000, failurePrefix: 'models-failed-' });
let orgId = '';
let weakModel = '';
let strongModel = '';

async function json<T>(req: APIRequestContext, method: 'get' | 'post', url: string, data?: unknown, expected = [200, 201, 202]): Promise<T> {
  const res = await req[method](`${ui.webUrl}${url}`, data === undefined ? {} : { data });
  if (!expected.includes(res.status())) throw new Error(`${method.toUpperCase()} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

async function trainModel(projectId: string, datasetVersionId: string, body: Record<string, unknown>): Promise<string> {
  const run = await json<{ id: string }>(ui.page.request, 'post', `/api/orgs/${orgId}/runs`, { projectId, datasetVersionId, labelColumn: 'label', preset: 'mlp-classifier', ...body });
  const until = Date.now() + 180_000;
  for (;;) {
    const r = await json<{ status: string; error: string | null; modelVersionId: string | null }>(ui.page.request, 'get', `/api/orgs/${orgId}/runs/${run.id}`);
    if (r.status === 'SUCCEEDED') return r.modelVersionId!;
    if (r.status === 'FAILED' || r.status === 'CANCELLED' || Date.now() > until) throw new Error(`run ${run.id} ended ${r.status}: ${r.error}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

describe('challenger vs champion in a real browser', () => {
  it('trains a weak and a strong model and makes the weak one champion', async () => {
    let projectId: string;
    ({ orgId, projectId } = await signUpWithProject(ui, { emailPrefix: 'models', name: 'Mo Dell', organizationName: 'Registry Labs', project: 'Digit reader' }));
    const dataset = await json<{ id: string }>(ui.page.request, 'post', `/api/orgs/${orgId}/projects/${projectId}/datasets`, { name: 'digits' });
    const upload = await ui.page.request.post(`${ui.webUrl}/api/orgs/${orgId}/datasets/${dataset.id}/versions`, {
      multipart: { targetColumn: 'label', file: { name: 'digits-8x8.csv', mimeType: 'text/csv', buffer: readFileSync(join(repoRoot, 'datasets/digits-8x8.csv')) } },
    });
    expect(upload.status(), await upload.text()).toBe(201);
    const dv = ((await upload.json()) as { version: { id: string } }).version.id;
    weakModel = await trainModel(projectId, dv, { name: 'weak', epochs: 1, seed: 7 });
    strongModel = await trainModel(projectId, dv, { name: 'strong', epochs: 8, seed: 42 });
    await json(ui.page.request, 'post', `/api/orgs/${orgId}/models/${weakModel}/aliases/champion`, { reason: 'first model' });
  });

  it('compares the strong version with the champion from its page and shows both side by side', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/models/${strongModel}`);
    const panel = ui.page.getByRole('region', { name: 'Challenger vs champion' });
    await expect(panel.textContent()).resolves.toMatch(/Not compared yet/);
    await panel.getByRole('button', { name: 'Compare with the champion' }).click();
    await panel.getByTestId('comparison-detail').waitFor({ timeout: 120_000 });
    await expect(panel.getByText('Challenger wins').count()).resolves.toBe(1);
    await expect(panel.getByTestId('comparison-decision').textContent()).resolves.toMatch(/^Not promoted: auto-promotion is off for this project/);
    const table = panel.getByRole('table', { name: 'Challenger vs champion' });
    const accuracy = table.getByRole('row', { name: /Accuracy \(deciding\)/ });
    const cells = (await accuracy.locator('td').allTextContents()).map((t) => t.trim());
    expect(cells[1]).toMatch(/^0\.\d{4}$/);
    expect(cells[2]).toMatch(/^0\.\d{4}$/);
    expect(Number(cells[1])).toBeGreaterThan(Number(cells[2]));
    expect(cells[3]).toMatch(/^\+0\.\d{4} challenger$/);
    const rows = (await table.getByRole('row', { name: /Test rows/ }).locator('td').allTextContents()).map((t) => t.trim());
    expect(rows[1]).toBe(rows[2]);
    await expect(panel.textContent()).resolves.toMatch(/rows: the test split of the challenger's run \(label "label", seed 42/);
    await expect(table.getByRole('link', { name: /version 1/ }).getAttribute('href')).resolves.toBe(`/orgs/${orgId}/models/${weakModel}`);
    await expect(ui.page.getByRole('link', { name: "the challenger's training run" }).count()).resolves.toBe(1);
    await ui.shot('models-01-comparison');
  });

  it('shows the project aliases on the registry page', async () => {
    await ui.page.goto(`${ui.webUrl}/orgs/${orgId}/models`);
    const aliases = ui.page.getByRole('region', { name: 'Aliases by project' });
    const row = aliases.getByRole('row', { name: /Digit reader/ });
    await expect(row.locator('td[data-alias="champion"] a').getAttribute('href')).resolves.toBe(`/orgs/${orgId}/models/${weakModel}`);
    await expect(row.locator('td[data-alias="challenger"] a').getAttribute('href')).resolves.toBe(`/orgs/${orgId}/models/${strongModel}`);
    await expect(row.locator('td[data-alias="production"]').textContent()).resolves.toBe('—');
    await expect(row.textContent()).resolves.toMatch(/v2 vs v1\s*Challenger wins/);
    await ui.shot('models-02-registry-aliases');
    expect(ui.pageErrors).toEqual([]);
  });
});
