// Datasets end to end through the real HTTP stack: multipart upload streamed to the artifact
// store, one version per distinct content hash, the dataset.profile job on the real queue,
// preview, governance (audited), verified download, and the failure paths leaving nothing behind.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { DatasetPreview, DatasetUploadResult, DatasetVersionDetail, DatasetVersionView, DatasetView } from '@meridian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from './datasets.helpers';
import { createProject, memberOf, signUp, startHarness, waitFor, type Harness, type TestUser } from './harness';

const DATASETS = join(__dirname, '../../../datasets');
const MAX = 1_000_000;

let h: Harness;
let owner: TestUser;
let viewer: TestUser;
let artifactsDir: string;
let projectId: string;

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(relative(artifactsDir, p));
  }
  return out.sort();
}

async function newDataset(name: string): Promise<DatasetView> {
  const res = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${projectId}/datasets`, cookie: owner.cookie, body: { name, description: 'test data' } });
  expect(res.status, res.text).toBe(201);
  return res.json<DatasetView>();
}

function upload(datasetId: string, fileName: string, bytes: Buffer, fields?: Record<string, string>, who: { cookie?: string } = { cookie: owner.cookie }) {
  return h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/datasets/${datasetId}/versions`, ...who, ...multipart(fileName, bytes, fields) });
}

function waitProfiled(datasetId: string, versionId: string) {
  return waitFor(
    async () => (await h.request({ url: `/api/orgs/${owner.orgId}/datasets/${datasetId}/versions/${versionId}`, cookie: owner.cookie })).json<DatasetVersionDetail>(),
    (v) => v.profileStatus === 'READY' || v.profileStatus === 'FAILED',
    60_000,
  );
}

beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'meridian-api-artifacts-'));
  h = await startHarness({ ARTIFACTS_DIR: artifactsDir, DATASET_MAX_BYTES: String(MAX) });
  owner = await signUp(h);
  viewer = await memberOf(h, owner, 'VIEWER');
  projectId = (await createProject(h, { cookie: owner.cookie }, owner.orgId, { name: 'Digits' })).id;
});
afterAll(async () => {
  await h?.close();
  await rm(artifactsDir, { recursive: true, force: true });
});

describe('datasets', () => {
  it('uploads digits-8x8.csv, profiles it, previews, downloads verified bytes; the same bytes again are the same version', async () => {
    const ds = await newDataset('digits');
    const bytes = await readFile(join(DATASETS, 'digits-8x8.csv'));
    const first = await upload(ds.id, 'digits-8x8.csv', bytes, { targetColumn: 'label' });
    expect(first.status, first.text).toBe(201);
    const created = first.json<DatasetUploadResult>();
    expect(created.created).toBe(true);
    expect(created.version).toMatchObject({ version: 1, format: 'CSV', fileName: 'digits-8x8.csv', sizeBytes: bytes.length, targetColumn: 'label' });
    expect(created.version.contentHash).toBe(createHash('sha256').update(bytes).digest('hex'));

    const again = await upload(ds.id, 'renamed.csv', bytes);
    expect(again.status, again.text).toBe(200);
    expect(again.json<DatasetUploadResult>()).toMatchObject({ created: false, version: { id: created.version.id, version: 1 } });

    const v = await waitProfiled(ds.id, created.version.id);
    expect(v.profileStatus, v.profileError ?? '').toBe('READY');
    expect(v.rowCount).toBe(v.profile!.rows);
    expect(v.profile!.classBalance!.classes).toHaveLength(10);
    expect(v.columns!.columns.map((c) => c.name)).toContain('label');

    const preview = await h.request({ url: `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions/${v.id}/preview?limit=5`, cookie: viewer.cookie });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json<DatasetPreview>().rows).toHaveLength(5);
    expect(preview.json<DatasetPreview>().truncated).toBe(true);

    const dl = await h.request({ url: `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions/${v.id}/download`, cookie: viewer.cookie });
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toMatch(/text\/csv/);
    expect(dl.headers['content-disposition']).toMatch(/digits-8x8\.csv/);
    expect(createHash('sha256').update(dl.text).digest('hex')).toBe(v.contentHash);

    const list = await h.request({ url: `/api/orgs/${owner.orgId}/projects/${projectId}/datasets`, cookie: viewer.cookie });
    const mine = list.json<{ items: DatasetView[] }>().items.find((d) => d.id === ds.id)!;
    expect(mine).toMatchObject({ versionCount: 1, latestVersion: { id: v.id, profileStatus: 'READY' } });
    const versions = await h.request({ url: `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions`, cookie: viewer.cookie });
    expect(versions.json<DatasetVersionView[]>().map((x) => x.id)).toEqual([v.id]);
    // Only the one object of the one version is stored (the re-upload's copy was removed).
    expect((await files(artifactsDir)).filter((f) => f.startsWith(`datasets/${owner.orgId}/${ds.id}/`))).toEqual([`datasets/${owner.orgId}/${ds.id}/${v.id}.csv`]);
  });

  it('a second distinct file becomes version 2 (breast-cancer-wisconsin.csv)', async () => {
    const ds = await newDataset('cancer');
    const a = await upload(ds.id, 'a.csv', Buffer.from('x,y\n1,0\n2,1\n'));
    const b = await upload(ds.id, 'breast-cancer-wisconsin.csv', await readFile(join(DATASETS, 'breast-cancer-wisconsin.csv')));
    expect(a.status).toBe(201);
    expect(b.status, b.text).toBe(201);
    const v2 = b.json<DatasetUploadResult>().version;
    expect(v2.version).toBe(2);
    const done = await waitProfiled(ds.id, v2.id);
    expect(done.profileStatus, done.profileError ?? '').toBe('READY');
    expect(done.rowCount).toBeGreaterThan(500);
  });

  it('an oversized file answers 413 and leaves no row, no object and no temp file', async () => {
    const ds = await newDataset('too-big');
    const before = await files(artifactsDir);
    const res = await upload(ds.id, 'big.csv', Buffer.alloc(MAX + 10, 'a'));
    expect(res.status, res.text).toBe(413);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/DATASET_MAX_BYTES/);
    expect(await h.db.prisma.datasetVersion.count({ where: { datasetId: ds.id } })).toBe(0);
    expect(await files(artifactsDir)).toEqual(before);
    // Exactly at the limit is accepted.
    const ok = await upload(ds.id, 'limit.csv', Buffer.concat([Buffer.from('a\n'), Buffer.alloc(MAX - 2, '1')]));
    expect(ok.status, ok.text).toBe(201);
  });

  it('a malformed CSV is stored but its profile FAILS with the line to fix', async () => {
    const ds = await newDataset('broken');
    const res = await upload(ds.id, 'broken.csv', Buffer.from('a,b,c\n1,2,3\n4,5\n'));
    expect(res.status).toBe(201);
    const v = await waitProfiled(ds.id, res.json<DatasetUploadResult>().version.id);
    expect(v.profileStatus).toBe('FAILED');
    expect(v.profileError).toMatch(/line 3/);
    expect(v.profile).toBeNull();
    const preview = await h.request({ url: `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions/${v.id}/preview`, cookie: owner.cookie });
    expect(preview.status).toBe(409);
  });

  it('an unknown label column fails the profile in words; profiling again with the right one succeeds', async () => {
    const ds = await newDataset('relabel');
    const v = (await upload(ds.id, 'r.csv', Buffer.from('x,label\n1,a\n2,b\n3,a\n'), { targetColumn: 'nope' })).json<DatasetUploadResult>().version;
    const failed = await waitProfiled(ds.id, v.id);
    expect(failed.profileStatus).toBe('FAILED');
    expect(failed.profileError).toMatch(/nope/);
    const url = `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions/${v.id}/profile`;
    expect((await h.request({ method: 'POST', url, cookie: viewer.cookie, body: { targetColumn: 'label' } })).status).toBe(403);
    const again = await h.request({ method: 'POST', url, cookie: owner.cookie, body: { targetColumn: 'label' } });
    expect(again.status, again.text).toBe(201);
    expect(again.json<DatasetVersionView>()).toMatchObject({ profileStatus: 'PENDING', targetColumn: 'label' });
    const ready = await waitProfiled(ds.id, v.id);
    expect(ready.profileStatus, ready.profileError ?? '').toBe('READY');
    expect(ready.profile!.classBalance!.classes.map((c) => c.value)).toEqual(['a', 'b']);
  });

  it('a multipart body cut off mid-file answers 400 and stores nothing', async () => {
    const ds = await newDataset('cut-off');
    const before = await files(artifactsDir);
    const { payload, headers } = multipart('cut.csv', Buffer.from('a,b\n'.repeat(5000)));
    const res = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions`, cookie: owner.cookie, payload: payload.subarray(0, payload.length - 4000), headers });
    expect(res.status, res.text).toBe(400);
    expect(res.json<{ error: { code: string; message: string } }>().error.message).toMatch(/nothing was stored/);
    expect(await h.db.prisma.datasetVersion.count({ where: { datasetId: ds.id } })).toBe(0);
    expect(await files(artifactsDir)).toEqual(before);
  });

  it('refuses unsupported files, empty files, non-multipart bodies and a VIEWER upload', async () => {
    const ds = await newDataset('refusals');
    const txt = await upload(ds.id, 'notes.txt', Buffer.from('hello'));
    expect(txt.status).toBe(400);
    expect(txt.text).toMatch(/\.csv/);
    const empty = await upload(ds.id, 'empty.csv', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const json = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions`, cookie: owner.cookie, body: { file: 'x' } });
    expect(json.status).toBe(415);
    const asViewer = await upload(ds.id, 'a.csv', Buffer.from('a\n1\n'), {}, { cookie: viewer.cookie });
    expect(asViewer.status).toBe(403);
    expect(await h.db.prisma.datasetVersion.count({ where: { datasetId: ds.id } })).toBe(0);
    const dup = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects/${projectId}/datasets`, cookie: owner.cookie, body: { name: 'refusals' } });
    expect(dup.status).toBe(409);
  });

  it('governance edits are validated, applied and audited with who changed what', async () => {
    const ds = await newDataset('governed');
    const v = (await upload(ds.id, 'g.csv', Buffer.from('email,y\na@b.co,1\n'))).json<DatasetUploadResult>().version;
    const url = `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions/${v.id}/governance`;
    const bad = await h.request({ method: 'PATCH', url, cookie: owner.cookie, body: { source: 'STOLEN' } });
    expect(bad.status).toBe(400);
    const denied = await h.request({ method: 'PATCH', url, cookie: viewer.cookie, body: { licence: 'CC0' } });
    expect(denied.status).toBe(403);
    const res = await h.request({ method: 'PATCH', url, cookie: owner.cookie, body: { source: 'PARTNER', licence: 'Partner DPA 2026', containsPersonalData: true, legalBasis: 'contract', retentionDays: 365 } });
    expect(res.status, res.text).toBe(200);
    expect(res.json<DatasetVersionView>()).toMatchObject({ source: 'PARTNER', licence: 'Partner DPA 2026', containsPersonalData: true, anonymised: false, legalBasis: 'contract', retentionDays: 365 });
    const audit = await h.db.prisma.auditLog.findMany({ where: { organizationId: owner.orgId, action: 'dataset.governance_update', targetId: v.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(owner.userId);
    expect((audit[0].metadata as { changes: Record<string, unknown> }).changes).toEqual({
      source: { from: 'PRIVATE', to: 'PARTNER' },
      licence: { from: '', to: 'Partner DPA 2026' },
      containsPersonalData: { from: false, to: true },
      legalBasis: { from: '', to: 'contract' },
      retentionDays: { from: null, to: 365 },
    });
  });
});

describe('downloads are verified', () => {
  it('a corrupted object never downloads as a complete, clean body', async () => {
    const ds = await newDataset('corrupt');
    const original = 'a,b\n1,2\n3,4\n';
    const v = (await upload(ds.id, 'c.csv', Buffer.from(original))).json<DatasetUploadResult>().version;
    await writeFile(join(artifactsDir, `datasets/${owner.orgId}/${ds.id}/${v.id}.csv`), 'a,b\n9,9\n3,4\n');
    const dl = await h.request({ url: `/api/orgs/${owner.orgId}/datasets/${ds.id}/versions/${v.id}/download`, cookie: owner.cookie }).then(
      (r) => r,
      (e: unknown) => e as Error,
    );
    // The last chunk waits for the hash check, so a small file fails before any byte is sent and a
    // large one ends short of its Content-Length (libs/artifacts contract test covers that case).
    expect(dl instanceof Error ? dl.message : dl.status).toBe(500);
    if (!(dl instanceof Error)) expect(dl.text).not.toContain('9,9');
  });
});

describe('demo seed', () => {
  it('uploads the digits file through the service once, with governance, and it gets profiled', async () => {
    const { seedDemo } = await import('../src/seed/demo-seed');
    const { seedDatasets } = await import('../src/seed/datasets-seed');
    const { DatasetsService } = await import('../src/datasets/datasets.service');
    const demo = await seedDemo(h.db.prisma, 'meridian-demo-2026', 12);
    const service = h.api.app.get(DatasetsService);
    await seedDatasets(service, h.db.prisma, demo.organizationId);
    await seedDatasets(service, h.db.prisma, demo.organizationId);
    const datasets = await h.db.prisma.dataset.findMany({ where: { organizationId: demo.organizationId }, include: { versions: true } });
    expect(datasets).toHaveLength(1);
    expect(datasets[0].versions).toHaveLength(1);
    const v = datasets[0].versions[0];
    expect(v).toMatchObject({ source: 'PUBLIC', targetColumn: 'label', fileName: 'digits-8x8.csv' });
    await waitFor(
      () => h.db.prisma.datasetVersion.findUniqueOrThrow({ where: { id: v.id } }),
      (x) => x.profileStatus === 'READY',
      60_000,
    );
  });
});

describe('GraphQL', () => {
  it('lists datasets and reads a version with its profile through the same service', async () => {
    const ds = await newDataset('graphql');
    const v = (await upload(ds.id, 'g.csv', Buffer.from('a,label\n1,x\n2,y\n3,x\n'), { targetColumn: 'label' })).json<DatasetUploadResult>().version;
    await waitProfiled(ds.id, v.id);
    const res = await h.request({
      method: 'POST',
      url: '/graphql',
      cookie: viewer.cookie,
      body: {
        query: 'query($o: ID!, $p: ID, $d: ID!, $v: ID!) { datasets(orgId: $o, projectId: $p) { items { id name versionCount } } datasetVersion(orgId: $o, datasetId: $d, id: $v) { version rowCount columnNames profileStatus source profileJson } }',
        variables: { o: owner.orgId, p: projectId, d: ds.id, v: v.id },
      },
    });
    const body = res.json<{ data: { datasets: { items: { id: string; versionCount: number }[] }; datasetVersion: { rowCount: number; columnNames: string[]; profileStatus: string; profileJson: string } }; errors?: unknown }>();
    expect(body.errors, res.text).toBeUndefined();
    expect(body.data.datasets.items.find((d) => d.id === ds.id)?.versionCount).toBe(1);
    expect(body.data.datasetVersion).toMatchObject({ rowCount: 3, columnNames: ['a', 'label'], profileStatus: 'READY' });
    expect(JSON.parse(body.data.datasetVersion.profileJson).classBalance.classes).toHaveLength(2);
  });
});
