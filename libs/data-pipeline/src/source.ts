// Where bytes come from: a file path, bytes already in memory, or any async stream of chunks.
// Everything downstream works on Buffer chunks so text is decoded only when a value needs it.
import { createReadStream } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';

export type DataSource = string | Uint8Array | AsyncIterable<Uint8Array>;

const CHUNK = 1 << 20;

export async function* chunksOf(source: DataSource, chunkSize = CHUNK): AsyncGenerator<Buffer> {
  if (typeof source === 'string') {
    for await (const c of createReadStream(source, { highWaterMark: chunkSize })) yield c as Buffer;
  } else if (source instanceof Uint8Array) {
    const buf = Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, Math.min(buf.length, i + chunkSize));
  } else {
    for await (const c of source) yield Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  }
}

/** Streaming content hash: equal fingerprints mean byte-identical dataset versions. */
export class Fingerprinter {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

/** Fingerprint of a whole source without parsing it. */
export async function fingerprint(source: DataSource): Promise<{ fingerprint: string; bytes: number }> {
  const f = new Fingerprinter();
  for await (const c of chunksOf(source)) f.update(c);
  return { fingerprint: f.digest(), bytes: f.bytes };
}

export function sourceLabel(source: DataSource): string {
  return typeof source === 'string' ? source : 'input';
}
