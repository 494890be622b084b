export { ArtifactError, isArtifactError, type ArtifactErrorCode } from './errors';
export type { ArtifactStore, ArtifactInfo, PutResult, PutOptions, GetOptions, ByteSource } from './types';
export { LocalArtifactStore } from './local';
export { S3ArtifactStore, type S3ArtifactConfig } from './s3';
export { ARTIFACTS_ENV_SHAPE, checkArtifactsConfig, ZArtifactsEnv, parseArtifactsEnv, createArtifactStore, artifactStoreFromEnv, type ArtifactsEnv } from './config';
export { assertValidKey } from './hashing';
