import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactInfo, ArtifactStore, ByteSource, GetOptions, PutOptions, PutResult } from './types';

/** The parts every backend shares, written once on top of putStream/getStream/stat. */
export abstract class BaseArtifactStore implements ArtifactStore {
  abstract readonly kind: 'local' | 's3';
  abstract putStream(key: string, source: ByteSource, options?: PutOptions): Promise<PutResult>;
  abstract getStream(key: string, options?: GetOptions): Promise<Readable>;
  abstract stat(key: string): Promise<ArtifactInfo | null>;
  abstract delete(key: string): Promise<void>;

  put(key: string, data: Uint8Array | string, options?: PutOptions): Promise<PutResult> {
    const buf = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.putStream(key, Readable.from([buf]), options);
  }

  async getBuffer(key: string, options?: GetOptions): Promise<Buffer> {
    const stream = await this.getStream(key, options);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async downloadToFile(key: string, path: string, options?: GetOptions): Promise<ArtifactInfo> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.partial-${randomBytes(6).toString('hex')}`;
    try {
      const stream = await this.getStream(key, options);
      let bytes = 0;
      stream.on('data', (c: Buffer) => (bytes += c.length));
      await pipeline(stream, createWriteStream(tmp));
      await rename(tmp, path);
      const info = await this.stat(key);
      return { key, sha256: info?.sha256 ?? options?.expectedSha256 ?? '', sizeBytes: bytes };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }
}
