import type { Readable } from 'node:stream';

export interface PutResult {
  key: string;
  /** Lower-case hex SHA-256 of the bytes written. */
  sha256: string;
  sizeBytes: number;
}

export interface PutOptions {
  /** Refuse (ArtifactError TOO_LARGE) and keep nothing once more than this many bytes arrive. */
  maxBytes?: number;
  /** Refuse (HASH_MISMATCH) and keep nothing when the bytes do not hash to this. */
  expectedSha256?: string;
  contentType?: string;
}

export interface GetOptions {
  /**
   * The hash the caller recorded (e.g. DatasetVersion.contentHash). Without it the hash stored
   * with the object at write time is used; either way every read is verified.
   */
  expectedSha256?: string;
}

export interface ArtifactInfo {
  key: string;
  sha256: string;
  sizeBytes: number;
}

export type ByteSource = Readable | AsyncIterable<Uint8Array | string>;

export interface ArtifactStore {
  readonly kind: 'local' | 's3';
  /** Streams bytes in, hashing on the way; the object appears only once complete (nothing on failure). */
  putStream(key: string, source: ByteSource, options?: PutOptions): Promise<PutResult>;
  put(key: string, data: Uint8Array | string, options?: PutOptions): Promise<PutResult>;
  /**
   * A stream of the object's bytes. The hash is checked as bytes pass; on mismatch the stream
   * errors with ArtifactError HASH_MISMATCH at the end instead of ending cleanly.
   * Rejects with NOT_FOUND when there is no such object.
   */
  getStream(key: string, options?: GetOptions): Promise<Readable>;
  /** Whole object in memory, verified before it is returned (small artifacts only). */
  getBuffer(key: string, options?: GetOptions): Promise<Buffer>;
  /** Copies the object to a local file (temp + rename), verified before the file appears. */
  downloadToFile(key: string, path: string, options?: GetOptions): Promise<ArtifactInfo>;
  stat(key: string): Promise<ArtifactInfo | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}
