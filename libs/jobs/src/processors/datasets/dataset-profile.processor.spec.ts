import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '@meridian/artifacts';
import { createTestDatabase, newId, type TestDatabase } from '@meridian/db';
import { JobName, type DatasetPreview, type DatasetProfile, type JobPayload } from '@meridian/domain';
import type { JobContext } from '@meridian/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetProfileProcessor } from './dataset-profile.processor';

const DATASETS = join(__dirname, '../../../../../datasets');
type Payload = JobPayload<typeof JobName.DatasetProfile>;

let db: TestDatabase;
let store: LocalArtifactStore;
let dir: string;
let orgId: string;
let datasetId: string;
let processor: DatasetProfileProcessor;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'profile-proc-'));
  store = new LocalArtifactStore(dir);
  processor = new DatasetProfileProcessor(db, store);
  orgId = newId();
  const projectId = newId();
  datasetId = newId();
  await db.prisma.organization.create({ data: { id: orgId, name: 'Acme', slug: `acme-${orgId}` } });
  await db.prisma.project.create({ data: { id: projectId, organizationId: orgId, name: 'P', startupMode: 'RND', businessModel: 'SAAS' } });
  await db.prisma.dataset.create({ data: { id: datasetId, organizationId: orgId, projectId, name: 'digits' } });
});
afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function version(bytes: Buffer, format: 'CSV' | 'JSONL', targetColumn: string | null = null) {
  const id = newId();
  const key = `datasets/${orgId}/${datasetId}/${id}.${format.toLowerCase()}`;
  const put = await store.put(key, bytes);
  await db.prisma.datasetVersion.create({
    data: { id, organizationId: orgId, datasetId, version: ++n, contentHash: put.sha256, sizeBytes: BigInt(put.sizeBytes), format, fileName: `f.${format}`, artifactKey: key, targetColumn },
  });
  return id;
}

function ctx(payload: Payload): JobContext<Payload> {
  return { id: 'j', name: JobName.DatasetProfile, payload, attempt: 1, maxAttempts: 3, signal: new AbortController().signal, updateProgress: async () => undefined, log: () => undefined };
}

describe('dataset.profile', () => {
  it('profiles digits-8x8.csv in a worker thread and stores profile, schema, rows and preview', async () => {
    const id = await version(await readFile(join(DATASETS, 'digits-8x8.csv')), 'CSV', 'label');
    const res = await processor.handle(ctx({ jobRecordId: 'none', organizationId: orgId, datasetVersionId: id }));
    expect(res).toMatchObject({ status: 'READY', error: null });
    const v = await db.prisma.datasetVersion.findUniqueOrThrow({ where: { id } });
    const profile = v.profile as unknown as DatasetProfile;
    expect(v.profileStatus).toBe('READY');
    expect(v.rowCount).toBe(profile.rows);
    expect(profile.rows).toBeGreaterThan(1000);
    expect(profile.classBalance?.column).toBe('label');
    expect(profile.classBalance?.classes).toHaveLength(10);
    expect((v.columns as { columns: unknown[] }).columns).toHaveLength(profile.columns.length);
    const preview = v.preview as unknown as DatasetPreview;
    expect(preview.rows).toHaveLength(100);
    expect(preview.truncated).toBe(true);
    expect(preview.columns).toContain('label');
    expect(profile.fingerprint).toBe(`sha256:${createHash('sha256').update(await readFile(join(DATASETS, 'digits-8x8.csv'))).digest('hex')}`);
  });

  it('profiles JSON Lines', async () => {
    const id = await version(Buffer.from('{"a":1,"b":"x"}\n{"a":2,"b":"y"}\n{"a":null,"b":"x"}\n'), 'JSONL', 'b');
    await processor.handle(ctx({ jobRecordId: 'none', organizationId: orgId, datasetVersionId: id }));
    const v = await db.prisma.datasetVersion.findUniqueOrThrow({ where: { id } });
    expect(v.profileStatus).toBe('READY');
    expect(v.rowCount).toBe(3);
    expect((v.preview as unknown as DatasetPreview).rows[2]).toEqual({ a: null, b: 'x' });
  });

  it('marks a malformed CSV FAILED with the line to fix, and stores no profile', async () => {
    const id = await version(Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n'), 'CSV');
    const res = await processor.handle(ctx({ jobRecordId: 'none', organizationId: orgId, datasetVersionId: id }));
    expect(res.status).toBe('FAILED');
    const v = await db.prisma.datasetVersion.findUniqueOrThrow({ where: { id } });
    expect(v.profileStatus).toBe('FAILED');
    expect(v.profileError).toMatch(/could not be profiled: CSV: .*line 3/);
    expect(v.profile).toBeNull();
    expect(v.preview).toBeNull();
  });

  it('fails (to retry) when the stored bytes no longer match the recorded hash', async () => {
    const id = await version(Buffer.from('a,b\n1,2\n'), 'CSV');
    await db.prisma.datasetVersion.update({ where: { id }, data: { contentHash: createHash('sha256').update('other').digest('hex') } });
    await expect(processor.handle(ctx({ jobRecordId: 'none', organizationId: orgId, datasetVersionId: id }))).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    expect((await db.prisma.datasetVersion.findUniqueOrThrow({ where: { id } })).profileStatus).toBe('FAILED');
  });
});
