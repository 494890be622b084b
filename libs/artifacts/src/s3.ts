import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { BaseArtifactStore } from './base';
import { ArtifactError } from './errors';
import { assertValidKey, HashingCounter, normaliseSha256, toReadable, VerifyingStream } from './hashing';
import type { ArtifactInfo, ByteSource, GetOptions, PutOptions, PutResult } from './types';

export interface S3ArtifactConfig {
  bucket: string;
  region: string;
  /** e.g. http://127.0.0.1:9000 for MinIO; omitted for AWS itself. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** MinIO and most self-hosted stores need path-style URLs (http://host/bucket/key). */
  forcePathStyle?: boolean;
  /** Prepended to every key, e.g. "meridian/" to share a bucket. */
  prefix?: string;
  /** Multipart part size in bytes (minimum 5 MiB, S3's rule). */
  partSize?: number;
}

const SHA_META = 'sha256';

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * S3-compatible store (AWS, MinIO, R2...). Uploads stream through @aws-sdk/lib-storage (multipart
 * for large bodies) to a temporary key, then are copied to the final key with the SHA-256 in the
 * object's metadata and the temporary key removed: the final key only ever holds complete,
 * hashed bytes. Single CopyObject calls cap objects at 5 GB, which bounds uploads here.
 */
export class S3ArtifactStore extends BaseArtifactStore {
  readonly kind = 's3' as const;
  private clientPromise: Promise<S3Client> | null = null;

  constructor(readonly config: S3ArtifactConfig) {
    super();
  }

  // The SDK takes ~0.5 s to load: only pay for it when S3 is actually configured and used.
  private client(): Promise<S3Client> {
    this.clientPromise ??= import('@aws-sdk/client-s3').then(
      ({ S3Client: Client }) =>
        new Client({
          region: this.config.region,
          endpoint: this.config.endpoint,
          forcePathStyle: this.config.forcePathStyle ?? false,
          credentials:
            this.config.accessKeyId && this.config.secretAccessKey
              ? { accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey }
              : undefined,
        }),
    );
    return this.clientPromise;
  }

  private fullKey(key: string): string {
    assertValidKey(key);
    return `${this.config.prefix ?? ''}${key}`;
  }

  async putStream(key: string, source: ByteSource, options: PutOptions = {}): Promise<PutResult> {
    const finalKey = this.fullKey(key);
    const expected = options.expectedSha256 === undefined ? undefined : normaliseSha256(options.expectedSha256);
    const tmpKey = `${this.config.prefix ?? ''}.tmp/${Date.now()}-${randomBytes(8).toString('hex')}`;
    const client = await this.client();
    const { Upload } = await import('@aws-sdk/lib-storage');
    const { CopyObjectCommand, DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    const counter = new HashingCounter(key, options.maxBytes);
    const input = toReadable(source);
    input.on('error', (err) => counter.destroy(err));
    input.pipe(counter);
    let uploaded = false;
    try {
      const upload = new Upload({
        client,
        params: { Bucket: this.config.bucket, Key: tmpKey, Body: counter, ContentType: options.contentType },
        partSize: Math.max(this.config.partSize ?? 8 * 1024 * 1024, 5 * 1024 * 1024),
        queueSize: 2,
        leavePartsOnError: false,
      });
      const failed = new Promise<never>((_, reject) => counter.once('error', reject));
      await Promise.race([upload.done(), failed]).catch(async (err: unknown) => {
        await upload.abort().catch(() => undefined);
        throw err;
      });
      uploaded = true;
      const sha256 = counter.digest();
      if (expected !== undefined && expected !== sha256) {
        throw new ArtifactError('HASH_MISMATCH', `Upload of "${key}" hashes to ${sha256}, expected ${expected}.`, key);
      }
      await client.send(
        new CopyObjectCommand({
          Bucket: this.config.bucket,
          Key: finalKey,
          CopySource: `${this.config.bucket}/${tmpKey.split('/').map(encodeURIComponent).join('/')}`,
          MetadataDirective: 'REPLACE',
          Metadata: { [SHA_META]: sha256, 'size-bytes': String(counter.bytes) },
          ContentType: options.contentType,
        }),
      );
      return { key, sha256, sizeBytes: counter.bytes };
    } catch (err) {
      throw err instanceof ArtifactError ? err : new ArtifactError('BACKEND', `Could not store "${key}" in S3: ${(err as Error).message}`, key);
    } finally {
      if (uploaded) await client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: tmpKey })).catch(() => undefined);
    }
  }

  async getStream(key: string, options: GetOptions = {}): Promise<Readable> {
    const client = await this.client();
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    let res;
    try {
      res = await client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }));
    } catch (err) {
      if (isNotFound(err)) throw new ArtifactError('NOT_FOUND', `No artifact "${key}".`, key);
      throw new ArtifactError('BACKEND', `Could not read "${key}" from S3: ${(err as Error).message}`, key);
    }
    const expected = options.expectedSha256 !== undefined ? normaliseSha256(options.expectedSha256) : res.Metadata?.[SHA_META];
    const body = res.Body;
    if (!expected || !(body instanceof Readable)) {
      if (body instanceof Readable) body.destroy();
      throw new ArtifactError('BACKEND', expected ? `S3 returned no stream for "${key}".` : `Artifact "${key}" has no recorded hash to verify against; pass expectedSha256.`, key);
    }
    const verify = new VerifyingStream(key, expected);
    body.on('error', (err) => verify.destroy(err));
    return body.pipe(verify);
  }

  async stat(key: string): Promise<ArtifactInfo | null> {
    const client = await this.client();
    const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
    try {
      const res = await client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }));
      return { key, sha256: res.Metadata?.[SHA_META] ?? '', sizeBytes: Number(res.ContentLength ?? 0) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw new ArtifactError('BACKEND', `Could not stat "${key}" in S3: ${(err as Error).message}`, key);
    }
  }

  async delete(key: string): Promise<void> {
    const client = await this.client();
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }));
  }
}
