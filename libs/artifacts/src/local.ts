import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BaseArtifactStore } from './base';
import { ArtifactError } from './errors';
import { assertValidKey, HashingCounter, normaliseSha256, toReadable, VerifyingStream } from './hashing';
import type { ArtifactInfo, ByteSource, GetOptions, PutOptions, PutResult } from './types';

interface Meta {
  sha256: string;
  sizeBytes: number;
  contentType?: string;
  createdAt: string;
}

/**
 * Objects are files under `root/<key>`; their hash and size sit in `root/.meta/<key>.json`.
 * Uploads go to `root/.tmp/` first and are renamed into place (atomic on one filesystem), so a
 * failed or refused upload never leaves a half-written object behind.
 */
export class LocalArtifactStore extends BaseArtifactStore {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  private objectPath(key: string): string {
    assertValidKey(key);
    return join(this.root, key);
  }

  private metaPath(key: string): string {
    return join(this.root, '.meta', `${key}.json`);
  }

  async putStream(key: string, source: ByteSource, options: PutOptions = {}): Promise<PutResult> {
    const target = this.objectPath(key);
    const expected = options.expectedSha256 === undefined ? undefined : normaliseSha256(options.expectedSha256);
    const tmpDir = join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const counter = new HashingCounter(key, options.maxBytes);
    try {
      await pipeline(toReadable(source), counter, createWriteStream(tmp, { flags: 'wx' }));
      const sha256 = counter.digest();
      if (expected !== undefined && expected !== sha256) {
        throw new ArtifactError('HASH_MISMATCH', `Upload of "${key}" hashes to ${sha256}, expected ${expected}.`, key);
      }
      const meta: Meta = { sha256, sizeBytes: counter.bytes, contentType: options.contentType, createdAt: new Date().toISOString() };
      const metaFile = this.metaPath(key);
      await mkdir(dirname(metaFile), { recursive: true });
      await mkdir(dirname(target), { recursive: true });
      // Meta first: an object file never exists without the hash it is checked against.
      await writeFile(`${tmp}.json`, JSON.stringify(meta));
      await rename(`${tmp}.json`, metaFile);
      await rename(tmp, target);
      return { key, sha256, sizeBytes: counter.bytes };
    } catch (err) {
      await rm(tmp, { force: true });
      await rm(`${tmp}.json`, { force: true });
      throw err instanceof ArtifactError ? err : new ArtifactError('BACKEND', `Could not store "${key}": ${(err as Error).message}`, key);
    }
  }

  private async readMeta(key: string): Promise<Meta | null> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Meta;
    } catch {
      return null;
    }
  }

  async getStream(key: string, options: GetOptions = {}): Promise<Readable> {
    const path = this.objectPath(key);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactError('NOT_FOUND', `No artifact "${key}".`, key);
      throw new ArtifactError('BACKEND', `Could not read "${key}": ${(err as Error).message}`, key);
    }
    const expected = options.expectedSha256 !== undefined ? normaliseSha256(options.expectedSha256) : (await this.readMeta(key))?.sha256;
    if (!expected) {
      await handle.close();
      throw new ArtifactError('BACKEND', `Artifact "${key}" has no recorded hash to verify against; pass expectedSha256.`, key);
    }
    const verify = new VerifyingStream(key, expected);
    const file = handle.createReadStream({ autoClose: true });
    file.on('error', (err) => verify.destroy(err));
    // A reader that stops early (a header peek) destroys the verifying stream; the file stream
    // upstream would stay open until garbage collection ("Closing file descriptor on GC").
    verify.on('close', () => {
      if (!file.destroyed) file.destroy();
    });
    return file.pipe(verify);
  }

  async stat(key: string): Promise<ArtifactInfo | null> {
    const path = this.objectPath(key);
    try {
      const s = await stat(path);
      const meta = await this.readMeta(key);
      return { key, sha256: meta?.sha256 ?? '', sizeBytes: s.size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new ArtifactError('BACKEND', `Could not stat "${key}": ${(err as Error).message}`, key);
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.objectPath(key), { force: true });
    await rm(this.metaPath(key), { force: true });
  }
}
