import { z } from 'zod';
import { LocalArtifactStore } from './local';
import { S3ArtifactStore } from './s3';
import type { ArtifactStore } from './types';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** The variables the store reads; apps spread this into their own config schema. S3 is used when ARTIFACTS_S3_BUCKET is set. */
export const ARTIFACTS_ENV_SHAPE = {
    ARTIFACTS_DIR: z.string().min(1).default('.data/artifacts'),
    ARTIFACTS_S3_BUCKET: z.string().min(1).optional(),
    ARTIFACTS_S3_REGION: z.string().min(1).default('us-east-1'),
    ARTIFACTS_S3_ENDPOINT: z.string().url('ARTIFACTS_S3_ENDPOINT must be a URL such as http://127.0.0.1:9000').optional(),
    ARTIFACTS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    ARTIFACTS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    ARTIFACTS_S3_FORCE_PATH_STYLE: bool.optional(),
    ARTIFACTS_S3_PREFIX: z.string().optional(),
};

export const ZArtifactsEnv = z
  .object(ARTIFACTS_ENV_SHAPE)
  .superRefine((env, ctx) => {
    if (Boolean(env.ARTIFACTS_S3_ACCESS_KEY_ID) !== Boolean(env.ARTIFACTS_S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['ARTIFACTS_S3_SECRET_ACCESS_KEY'], message: 'Set both ARTIFACTS_S3_ACCESS_KEY_ID and ARTIFACTS_S3_SECRET_ACCESS_KEY, or neither (to use the default AWS credential chain).' });
    }
  });
export type ArtifactsEnv = z.infer<typeof ZArtifactsEnv>;

/** Parses the ARTIFACTS_* variables, throwing a message that names each bad variable. */
export function parseArtifactsEnv(env: Record<string, string | undefined>): ArtifactsEnv {
  const res = ZArtifactsEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('ARTIFACTS_') && v !== '')));
  if (!res.success) {
    throw new Error(`Invalid artifact store configuration: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return res.data;
}

/** The cross-field rule, for apps that spread ARTIFACTS_ENV_SHAPE into their own schema. */
export function checkArtifactsConfig(config: Pick<ArtifactsEnv, 'ARTIFACTS_S3_ACCESS_KEY_ID' | 'ARTIFACTS_S3_SECRET_ACCESS_KEY'>): void {
  if (Boolean(config.ARTIFACTS_S3_ACCESS_KEY_ID) !== Boolean(config.ARTIFACTS_S3_SECRET_ACCESS_KEY)) {
    throw new Error('Invalid artifact store configuration: set both ARTIFACTS_S3_ACCESS_KEY_ID and ARTIFACTS_S3_SECRET_ACCESS_KEY, or neither (to use the default AWS credential chain).');
  }
}

export function createArtifactStore(config: ArtifactsEnv): ArtifactStore {
  checkArtifactsConfig(config);
  if (config.ARTIFACTS_S3_BUCKET) {
    return new S3ArtifactStore({
      bucket: config.ARTIFACTS_S3_BUCKET,
      region: config.ARTIFACTS_S3_REGION,
      endpoint: config.ARTIFACTS_S3_ENDPOINT,
      accessKeyId: config.ARTIFACTS_S3_ACCESS_KEY_ID,
      secretAccessKey: config.ARTIFACTS_S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.ARTIFACTS_S3_FORCE_PATH_STYLE,
      prefix: config.ARTIFACTS_S3_PREFIX,
    });
  }
  return new LocalArtifactStore(config.ARTIFACTS_DIR);
}

/** Store from process-style environment: local folder unless ARTIFACTS_S3_BUCKET is set. */
export function artifactStoreFromEnv(env: Record<string, string | undefined> = process.env): ArtifactStore {
  return createArtifactStore(parseArtifactsEnv(env));
}
