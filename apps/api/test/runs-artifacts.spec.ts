// Artifacts of external runs over real HTTP with the SDK: a multipart upload streamed into the
// artifact store (hashed, size-limited), listed on the run, downloaded with its hash checked on
// read; a taken name, a file over RUN_ARTIFACT_MAX_BYTES and a run trained here are refused with
// nothing kept, another organisation gets 404, and a corrupted stored object aborts the download
// instead of passing for the file.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { newId } from '@meridian/db';
import { ApiError, createClient } from '@meridian/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject, signUp, startHarness, type Harness, type TestUser } from './harness';

const MAX = 300_000;
let h: Harness;
let u: TestUser;
let base: string;
let artifactsDir: string;
let projectId: string;
let sdk: ReturnType<typeof createClient>;

async function storedFiles(dir = artifactsDir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await storedFiles(p)));
    else out.push(relative(artifactsDir, p));
  }
  return out.filter((f) => f.startsWith('runs/')).sort();
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

beforeAll(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'runs-artifacts-'));
  h = await startHarness({ ARTIFACTS_DIR: artifactsDir, RUN_ARTIFACT_MAX_BYTES: String(MAX) });
  u = await signUp(h);
  projectId = (await createProject(h, { cookie: u.cookie }, u.orgId)).id;
  base = await h.api.listen(0);
  sdk = createClient({ baseUrl: base, apiKey: (await createApiKey(h, u, 'MEMBER')).key });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await rm(artifactsDir, { recursive: true, force: true });
});

describe('artifacts of external runs', () => {
  let runId: string;
  let weights: Uint8Array;

  it('uploads a file as a multipart stream: hashed and stored, listed on the run, downloaded intact', async () => {
    runId = (await sdk.runs.createExternal(u.orgId, { projectId, name: 'pytorch resnet', params: { lr: 0.01 } })).id;
    weights = randomBytes(200_000);
    const a = await sdk.runs.uploadArtifact(u.orgId, runId, new Blob([weights]), { name: 'model.pt' });
    expect(a).toMatchObject({ runId, name: 'model.pt', sizeBytes: 200_000, sha256: sha(weights), contentType: 'application/octet-stream' });
    await sdk.runs.uploadArtifact(u.orgId, runId, new Blob(['epoch,loss\n1,0.5\n']), { name: 'history.csv', contentType: 'text/csv' });
    const list = await sdk.runs.artifacts(u.orgId, runId);
    expect(list.map((x) => [x.name, x.sizeBytes])).toEqual([
      ['model.pt', 200_000],
      ['history.csv', 17],
    ]);
    expect(Buffer.from(await sdk.runs.downloadArtifact(u.orgId, runId, a)).equals(Buffer.from(weights))).toBe(true);
    const res = await fetch(`${base}/api/orgs/${u.orgId}/runs/${runId}/artifacts/${a.id}`, { headers: { cookie: u.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${sha(weights)}"`);
    expect(res.headers.get('content-disposition')).toMatch(/filename="model.pt"/);
    expect((await storedFiles()).length).toBe(2);
  });

  it('refuses a taken name (409), a file over the limit (413) and a run trained here (409), keeping nothing', async () => {
    const before = await storedFiles();
    const taken = await refused(sdk.runs.uploadArtifact(u.orgId, runId, new Blob([randomBytes(10)]), { name: 'model.pt' }));
    expect([taken.status, taken.code]).toEqual([409, 'CONFLICT']);
    expect(taken.message).toMatch(/already has an artifact named "model.pt"/);

    const big = await refused(sdk.runs.uploadArtifact(u.orgId, runId, new Blob([randomBytes(MAX + 1)]), { name: 'too-big.bin' }));
    expect([big.status, big.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);

    const badName = await refused(sdk.runs.uploadArtifact(u.orgId, runId, new Blob(['x']), { name: '../escape' }));
    expect([badName.status, badName.issues?.[0]?.path]).toEqual([400, 'name']);

    const trainedHere = newId();
    await h.db.prisma.trainingRun.create({ data: { id: trainedHere, organizationId: u.orgId, projectId, name: 'trained here', status: 'SUCCEEDED' } });
    const notExternal = await refused(sdk.runs.uploadArtifact(u.orgId, trainedHere, new Blob(['x']), { name: 'x.bin' }));
    expect(notExternal.status).toBe(409);

    const notMultipart = await fetch(`${base}/api/orgs/${u.orgId}/runs/${runId}/artifacts`, { method: 'POST', headers: { cookie: u.cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(415);

    expect(await storedFiles()).toEqual(before);
    expect(await h.db.prisma.runArtifact.count({ where: { runId } })).toBe(2);
  });

  it("another organisation gets 404 for the run's artifacts, by list, download and upload", async () => {
    const other = await signUp(h);
    const [a] = await sdk.runs.artifacts(u.orgId, runId);
    const outsider = createClient({ baseUrl: base, apiKey: (await createApiKey(h, other, 'OWNER')).key });
    for (const p of [outsider.runs.artifacts(u.orgId, runId), outsider.runs.downloadArtifact(u.orgId, runId, a), outsider.runs.uploadArtifact(u.orgId, runId, new Blob(['x']), { name: 'intruder.bin' })]) {
      expect((await refused(p)).status).toBe(404);
    }
    for (const p of [outsider.runs.artifacts(other.orgId, runId), outsider.runs.downloadArtifact(other.orgId, runId, a)]) {
      expect((await refused(p)).status).toBe(404);
    }
    expect(await h.db.prisma.runArtifact.count({ where: { runId } })).toBe(2);
  });

  it('a stored object that no longer matches its hash is not served as the artifact', async () => {
    const [a] = await sdk.runs.artifacts(u.orgId, runId);
    const row = await h.db.prisma.runArtifact.findUniqueOrThrow({ where: { id: a.id } });
    const tampered = Buffer.from(weights);
    tampered[1234] ^= 0xff;
    await writeFile(join(artifactsDir, row.artifactKey), tampered);
    await expect(sdk.runs.downloadArtifact(u.orgId, runId, a)).rejects.toThrow();
  });
});
