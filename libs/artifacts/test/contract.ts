// The behaviour every ArtifactStore backend must show; each backend's spec runs it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ArtifactError, type ArtifactStore } from '../src';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function artifactStoreContract(name: string, make: () => Promise<{ store: ArtifactStore; corrupt: (key: string) => Promise<void>; leftovers: () => Promise<string[]> }>): void {
  describe(`${name}: artifact store contract`, async () => {
    const { store, corrupt, leftovers } = await make();
    const scratch = await mkdtemp(join(tmpdir(), 'artifacts-contract-'));
    afterAll(() => rm(scratch, { recursive: true, force: true }));

    it('streams bytes in with their hash and size, and back out verified', async () => {
      const data = randomBytes(300_000);
      const chunks = Array.from({ length: 30 }, (_, i) => data.subarray(i * 10_000, (i + 1) * 10_000));
      const put = await store.putStream('t/roundtrip.bin', Readable.from(chunks));
      expect(put).toEqual({ key: 't/roundtrip.bin', sha256: sha(data), sizeBytes: data.length });
      expect(await store.exists('t/roundtrip.bin')).toBe(true);
      expect(await store.stat('t/roundtrip.bin')).toEqual({ key: 't/roundtrip.bin', sha256: sha(data), sizeBytes: data.length });
      expect((await drain(await store.getStream('t/roundtrip.bin'))).equals(data)).toBe(true);
      expect((await store.getBuffer('t/roundtrip.bin', { expectedSha256: sha(data) })).equals(data)).toBe(true);
    });

    it('accepts an async iterable of strings and Uint8Arrays', async () => {
      async function* gen() {
        yield 'a,b\n';
        yield new Uint8Array([49, 44, 50, 10]);
      }
      const put = await store.putStream('t/iter.csv', gen());
      expect(put.sha256).toBe(sha('a,b\n1,2\n'));
      expect((await store.getBuffer('t/iter.csv')).toString()).toBe('a,b\n1,2\n');
    });

    it('errors on read when the bytes do not match the expected hash', async () => {
      await store.put('t/expect.txt', 'hello');
      const stream = await store.getStream('t/expect.txt', { expectedSha256: sha('other') });
      await expect(drain(stream)).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    });

    it('detects an object corrupted after it was written', async () => {
      await store.put('t/corrupt.txt', 'the original bytes');
      await corrupt('t/corrupt.txt');
      await expect(store.getBuffer('t/corrupt.txt')).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
      const file = join(scratch, 'corrupt-copy.txt');
      await expect(store.downloadToFile('t/corrupt.txt', file)).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
      await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('never hands out every byte of a corrupt object (the last chunk waits for the hash)', async () => {
      const data = randomBytes(200_000);
      await store.put('t/corrupt-big.bin', data);
      await corrupt('t/corrupt-big.bin');
      const stream = await store.getStream('t/corrupt-big.bin');
      let received = 0;
      const err = await (async () => {
        for await (const c of stream) received += (c as Buffer).length;
      })().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'HASH_MISMATCH' });
      expect(received).toBeLessThan(data.length);
    });

    it('refuses an upload over maxBytes and keeps nothing', async () => {
      const before = await leftovers();
      const err = await store.putStream('t/big.bin', Readable.from([randomBytes(4000), randomBytes(4000)]), { maxBytes: 5000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArtifactError);
      expect((err as ArtifactError).code).toBe('TOO_LARGE');
      expect(await store.exists('t/big.bin')).toBe(false);
      expect(await leftovers()).toEqual(before);
    });

    it('keeps nothing when the source stream fails midway', async () => {
      async function* failing() {
        yield Buffer.from('partial data');
        throw new Error('client went away');
      }
      await expect(store.putStream('t/aborted.bin', failing())).rejects.toBeInstanceOf(Error);
      expect(await store.exists('t/aborted.bin')).toBe(false);
      expect(await leftovers()).not.toContain('t/aborted.bin');
    });

    it('refuses an upload whose bytes differ from expectedSha256', async () => {
      await expect(store.put('t/wrong.txt', 'abc', { expectedSha256: sha('abd') })).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
      expect(await store.exists('t/wrong.txt')).toBe(false);
    });

    it('answers NOT_FOUND for a missing key, and delete is idempotent', async () => {
      await expect(store.getStream('t/missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await store.stat('t/missing')).toBeNull();
      await store.put('t/del.txt', 'x');
      await store.delete('t/del.txt');
      await store.delete('t/del.txt');
      expect(await store.exists('t/del.txt')).toBe(false);
    });

    it('rejects keys that could escape the store', async () => {
      for (const key of ['../etc/passwd', '/abs', 'a//b', 'a/../b', '', '.hidden', 'a b']) {
        await expect(store.put(key, 'x')).rejects.toMatchObject({ code: 'INVALID_KEY' });
      }
    });

    it('downloads to a file atomically', async () => {
      const data = randomBytes(50_000);
      await store.put('t/file.bin', data);
      const dest = join(scratch, 'nested', 'file.bin');
      const info = await store.downloadToFile('t/file.bin', dest);
      expect(info).toMatchObject({ sha256: sha(data), sizeBytes: data.length });
      expect((await readFile(dest)).equals(data)).toBe(true);
    });
  });
}
