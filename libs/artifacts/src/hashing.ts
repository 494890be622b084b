import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { ArtifactError } from './errors';
import type { ByteSource } from './types';

const KEY_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._=-]*$/;

/** Keys are relative paths of safe segments: they become file paths and S3 keys alike. */
export function assertValidKey(key: string): void {
  const ok = typeof key === 'string' && key.length > 0 && key.length <= 512 && key.split('/').every((s) => KEY_SEGMENT.test(s) && s !== '..' && s !== '.');
  if (!ok) {
    throw new ArtifactError('INVALID_KEY', `Invalid artifact key "${key}": use "/"-separated segments of letters, digits, ".", "_", "=", "-" (no leading dot, no "..", at most 512 characters).`, key);
  }
}

export function normaliseSha256(hex: string): string {
  const h = hex.replace(/^sha256:/, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(h)) throw new ArtifactError('HASH_MISMATCH', `"${hex}" is not a SHA-256 hex digest (64 hex characters).`);
  return h;
}

export function toReadable(source: ByteSource): Readable {
  return source instanceof Readable ? source : Readable.from(source, { objectMode: false });
}

/** Counts and hashes bytes passing through; optionally stops at a size limit. */
export class HashingCounter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  private digestHex: string | null = null;

  constructor(
    private readonly key: string,
    private readonly maxBytes?: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, cb: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += buf.length;
    if (this.maxBytes !== undefined && this.bytes > this.maxBytes) {
      cb(new ArtifactError('TOO_LARGE', `Upload exceeds the limit of ${this.maxBytes} bytes.`, this.key));
      return;
    }
    this.hash.update(buf);
    cb(null, buf);
  }

  digest(): string {
    this.digestHex ??= this.hash.digest('hex');
    return this.digestHex;
  }
}

/**
 * Passes bytes through and fails the stream at its end when they do not hash to `expected`. The
 * last chunk is held back until the hash is checked, so a reader of a corrupt object never sees a
 * complete body: an HTTP download ends short of its Content-Length instead of looking whole.
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private pending: Buffer | null = null;
  bytes = 0;

  constructor(
    private readonly key: string,
    private readonly expected: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    const previous = this.pending;
    this.pending = chunk;
    cb(null, previous ?? undefined);
  }

  override _flush(cb: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (actual !== this.expected) {
      this.pending = null;
      cb(new ArtifactError('HASH_MISMATCH', `Artifact "${this.key}" is corrupt: its bytes hash to ${actual}, expected ${this.expected}.`, this.key));
      return;
    }
    cb(null, this.pending ?? undefined);
  }
}
