import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactStoreContract } from '../test/contract';
import { startFakeS3, type FakeS3 } from '../test/fake-s3';
import { S3ArtifactStore } from './s3';

// The real AWS SDK v3 client against a minimal local imitation of the S3 protocol (see
// test/fake-s3.ts for what that does and does not prove). No real S3/MinIO is reachable here.
const servers: FakeS3[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function make(prefix = '') {
  const s3 = await startFakeS3();
  servers.push(s3);
  const store = new S3ArtifactStore({ bucket: s3.bucket, region: 'us-east-1', endpoint: s3.endpoint, accessKeyId: 'test', secretAccessKey: 'test-secret', forcePathStyle: true, prefix });
  return { s3, store };
}

artifactStoreContract('S3 (AWS SDK v3, path-style)', async () => {
  const { s3, store } = await make('meridian/');
  return {
    store,
    corrupt: async (key) => {
      const o = s3.objects.get(`meridian/${key}`)!;
      o.body = Buffer.concat([o.body, Buffer.from('tampered')]);
    },
    leftovers: async () => [...[...s3.objects.keys()].sort(), ...[...s3.uploads.values()].map((u) => `upload:${u.key}`)],
  };
});

describe('S3 specifics', () => {
  it('stores the SHA-256 in the object metadata, only under the final key, via a temporary key', async () => {
    const { s3, store } = await make();
    const put = await store.put('a/b.csv', 'x,y\n1,2\n', { contentType: 'text/csv' });
    expect(s3.objects.get('a/b.csv')?.meta.sha256).toBe(put.sha256);
    expect([...s3.objects.keys()]).toEqual(['a/b.csv']);
    expect(s3.calls.filter((c) => !c.startsWith('HeadObject'))).toEqual([
      expect.stringMatching(/^PutObject \.tmp\//),
      expect.stringMatching(/^CopyObject meridian-test\/\.tmp\/.* -> a\/b\.csv$/),
      expect.stringMatching(/^DeleteObject \.tmp\//),
    ]);
  });

  it('streams a large body as a multipart upload', async () => {
    const { s3, store } = await make();
    const data = randomBytes(11 * 1024 * 1024);
    const chunks = Array.from({ length: 11 }, (_, i) => data.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
    const put = await store.putStream('big.bin', Readable.from(chunks));
    expect(put.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(s3.calls.filter((c) => c.startsWith('UploadPart')).length).toBeGreaterThanOrEqual(2);
    expect((await store.getBuffer('big.bin')).equals(data)).toBe(true);
    expect(s3.uploads.size).toBe(0);
  });

  it('aborts the multipart upload and keeps nothing when the limit is crossed midway', async () => {
    const { s3, store } = await make();
    const chunks = Array.from({ length: 12 }, () => randomBytes(1024 * 1024));
    await expect(store.putStream('over.bin', Readable.from(chunks), { maxBytes: 10 * 1024 * 1024 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect([...s3.objects.keys()]).toEqual([]);
    expect(s3.uploads.size).toBe(0);
  });
});
