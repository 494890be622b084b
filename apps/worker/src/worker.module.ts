import { Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@meridian/db';
import { createArtifactStore } from '@meridian/artifacts';
import { JobsModule } from '@meridian/jobs';
import type { JobQueue, RunnerLogger } from '@meridian/queue';
import type { WorkerConfig } from './config';

export interface WorkerModuleOptions {
  config: WorkerConfig;
  database: Database;
  queue: JobQueue;
  logger: RunnerLogger;
}

@Module({})
export class WorkerModule {
  static register(opts: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        JobsModule.forRoot({
          database: opts.database,
          queue: opts.queue,
          artifacts: createArtifactStore(opts.config),
          concurrency: opts.config.WORKER_CONCURRENCY,
          shutdownTimeoutMs: opts.config.WORKER_SHUTDOWN_TIMEOUT_MS,
          stuckJobs: opts.config.STUCK_JOB_SWEEP_MS > 0 ? { everyMs: opts.config.STUCK_JOB_SWEEP_MS, staleAfterMs: opts.config.STUCK_JOB_AFTER_MS } : false,
          logger: opts.logger,
        }),
      ],
    };
  }
}
