export type ArtifactErrorCode = 'NOT_FOUND' | 'HASH_MISMATCH' | 'TOO_LARGE' | 'INVALID_KEY' | 'BACKEND';

/** Every failure of the store carries a code, so callers map it (404, 413, 500) without parsing messages. */
export class ArtifactError extends Error {
  constructor(
    readonly code: ArtifactErrorCode,
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ArtifactError';
  }
}

export function isArtifactError(err: unknown, code?: ArtifactErrorCode): err is ArtifactError {
  return err instanceof ArtifactError && (code === undefined || err.code === code);
}
