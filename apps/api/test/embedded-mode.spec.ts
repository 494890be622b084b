// The embedded default exactly as `npm start` runs it: no DATABASE_URL, no REDIS_URL. The API opens
// PGlite in a fresh folder (applying the migrations), uses the in-process queue, runs the job
// processors itself and seeds the demo; a second start on the same folder changes nothing. This
// runs in every test run, whatever servers the other suites use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type MeridianApi } from '../src/app';
import { loadConfig } from '../src/config';
import { DEMO_EMAIL, DEMO_PROJECTS } from '../src/seed/demo-seed';
import { request, waitFor } from './harness';

const dataDir = mkdtempSync(join(tmpdir(), 'meridian-api-embedded-'));
const env = { PGLITE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PASSWORD_SCRYPT_LOG_N: '12', DEMO_PASSWORD: 'embedded-demo-pass' };
let api: MeridianApi | undefined;

beforeAll(async () => {
  api = await createApp(loadConfig(env));
}, 120_000);
afterAll(async () => {
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded mode (PGlite + in-process queue, processors in the API)', () => {
  it('starts with both stores embedded and ready', async () => {
    expect(api!.config).toMatchObject({ embeddedDb: true, embeddedQueue: true, jobsInProcess: true, seedDemo: true });
    const ready = await request(api!, { url: '/api/health/ready' });
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: { status: 'up', kind: 'pglite' }, queue: { status: 'up', kind: 'memory' } } });
    expect(api!.demo).toMatchObject({ email: DEMO_EMAIL, password: 'embedded-demo-pass' });
  });

  it('serves the seeded demo and completes an export in process', async () => {
    const login = await request(api!, { method: 'POST', url: '/api/auth/login', body: { email: DEMO_EMAIL, password: 'embedded-demo-pass' } });
    expect(login.status).toBe(200);
    const orgId = login.json<{ memberships: { organizationId: string; organizationName: string }[] }>().memberships[0].organizationId;
    const list = await request(api!, { url: `/api/orgs/${orgId}/projects`, cookie: login.cookie });
    const items = list.json<{ items: { id: string; name: string }[] }>().items;
    expect(items.map((p) => p.name)).toEqual(DEMO_PROJECTS.map((p) => p.name));
    const exp = await request(api!, { method: 'POST', url: `/api/orgs/${orgId}/projects/${items[0].id}/exports`, cookie: login.cookie });
    expect(exp.status).toBe(202);
    const job = await waitFor(
      async () => (await request(api!, { url: `/api/orgs/${orgId}/jobs/${exp.json<{ id: string }>().id}`, cookie: login.cookie })).json<{ status: string }>(),
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
    );
    expect(job.status).toBe('SUCCEEDED');
  });

  it('a second start on the same folder keeps the data and seeds nothing twice', async () => {
    // Several seeds upload datasets (digits, the governance demo's loan applications): count them before the restart.
    const seededDatasets = await api!.database.prisma.datasetVersion.count({ where: { organization: { name: 'Northwind AI' } } });
    const seededProfiles = await api!.database.prisma.jobRecord.count({ where: { name: 'dataset.profile' } });
    expect(seededDatasets).toBeGreaterThanOrEqual(1);
    await api!.close();
    api = await createApp(loadConfig(env));
    const users = await api.database.prisma.user.count({ where: { email: DEMO_EMAIL } });
    const orgs = await api.database.prisma.organization.count({ where: { name: 'Northwind AI' } });
    const jobs = await api.database.prisma.jobRecord.count({ where: { status: 'SUCCEEDED', name: 'project.export' } });
    // The seeded dataset versions and their profile jobs exist once, not once per start.
    const datasets = await api.database.prisma.datasetVersion.count({ where: { organization: { name: 'Northwind AI' } } });
    const profiles = await api.database.prisma.jobRecord.count({ where: { name: 'dataset.profile' } });
    expect({ users, orgs, jobs, datasets, profiles }).toEqual({ users: 1, orgs: 1, jobs: 1, datasets: seededDatasets, profiles: seededProfiles });
  }, 120_000);
});
