import { Global, Module } from '@nestjs/common';
import { createArtifactStore } from '@meridian/artifacts';
import type { ApiConfig } from '../config';
import { API_CONFIG } from '../common/tokens';

/** The ArtifactStore (@meridian/artifacts) every API module injects with @Inject(ARTIFACT_STORE). */
export const ARTIFACT_STORE = Symbol.for('meridian.api.artifacts');

@Global()
@Module({
  providers: [{ provide: ARTIFACT_STORE, inject: [API_CONFIG], useFactory: (config: ApiConfig) => createArtifactStore(config) }],
  exports: [ARTIFACT_STORE],
})
export class ArtifactsModule {}
