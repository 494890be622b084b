import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, Reflector } from '@nestjs/core';
import { artifactStoreFromEnv, type ArtifactStore } from '@meridian/artifacts';
import type { Database } from '@meridian/db';
import type { JobName } from '@meridian/domain';
import { createRunner, type JobHandler, type JobQueue, type JobRunner, type RunnerLogger } from '@meridian/queue';
import { buildHandlerMap, type ProcessorEntry } from './handler-map';
import { JobRecordTracker } from './job-records';
import { requeueUnfinished } from './recover';
import { StuckJobSweeper, type StuckJobSweeperOptions } from './stuck-runs';
import { JOB_PROCESSOR_METADATA, type JobProcessorHandler } from './processor';
import { ALL_PROCESSORS } from './processors';
import { RetrainingLauncher } from './retraining/launcher';
import { JOBS_ARTIFACTS, JOBS_DATABASE, JOBS_OPTIONS, JOBS_QUEUE } from './tokens';

export interface JobsModuleOptions {
  database: Database;
  queue: JobQueue;
  /** Where dataset files, checkpoints and models live (default: from the ARTIFACTS_* environment, a local folder unless S3 is set). */
  artifacts?: ArtifactStore;
  /** Jobs run at once in this process (default 2). */
  concurrency?: number;
  /** How long shutdown waits for jobs in hand before releasing them back to the queue (default 30 s). */
  shutdownTimeoutMs?: number;
  /** Processor classes (default: ALL_PROCESSORS). Tests pass their own to prove the start-up checks. */
  processors?: Type<unknown>[];
  logger?: RunnerLogger;
  /**
   * Queue again the JobRecords left QUEUED or RUNNING by a previous process (their jobId = record id).
   * Default: on for the in-process queue, which forgets its jobs on restart; BullMQ keeps them in Redis.
   */
  requeueUnfinished?: boolean;
  /** How often a running job checks whether its JobRecord was set to CANCELLED (default 2000 ms). */
  cancelPollMs?: number;
  /**
   * The stuck-job sweeper (libs/jobs/src/stuck-runs): jobs the database says run but no live runner
   * holds are re-queued or failed with a reason. Runs wherever processors run; false turns it off.
   */
  stuckJobs?: Omit<StuckJobSweeperOptions, 'logger'> | false;
}

@Injectable()
export class JobRunnerService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private handlers?: Map<JobName, JobHandler>;
  private tracker?: JobRecordTracker;
  private runner?: JobRunner;
  private sweeper?: StuckJobSweeper;
  private readonly logger: RunnerLogger;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(JOBS_OPTIONS) private readonly opts: JobsModuleOptions,
    @Inject(JOBS_ARTIFACTS) private readonly artifacts: ArtifactStore,
  ) {
    const nest = new Logger('Jobs');
    this.logger = opts.logger ?? {
      info: (m, meta) => nest.log(meta ? `${m} ${JSON.stringify(meta)}` : m),
      warn: (m, meta) => nest.warn(meta ? `${m} ${JSON.stringify(meta)}` : m),
      error: (m, meta) => nest.error(meta ? `${m} ${JSON.stringify(meta)}` : m),
    };
  }

  /** Fails app.init() (and so start-up) when a JobName has no handler or two. */
  onModuleInit() {
    const tracker = new JobRecordTracker(this.opts.database, { cancelPollMs: this.opts.cancelPollMs });
    const entries: ProcessorEntry[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const name = this.reflector.get<string | undefined>(JOB_PROCESSOR_METADATA, metatype as Type<unknown>);
      if (!name) continue;
      const processor = instance as JobProcessorHandler;
      entries.push({ name, owner: (metatype as Type<unknown>).name, handler: tracker.wrap((ctx) => processor.handle(ctx as never)) });
    }
    this.handlers = buildHandlerMap(entries);
    this.tracker = tracker;
  }

  async onApplicationBootstrap() {
    const { handlers, tracker } = this;
    if (!handlers || !tracker) throw new Error('JobRunnerService: onModuleInit did not run.');
    if (this.opts.requeueUnfinished ?? this.opts.queue.kind === 'memory') {
      await requeueUnfinished(this.opts.database, this.opts.queue, this.logger);
    }
    this.runner = createRunner(this.opts.queue, handlers, {
      concurrency: this.opts.concurrency ?? 2,
      logger: this.logger,
      onFailed: (e) => tracker.onFailed(e),
    });
    await this.runner.start();
    if (this.opts.stuckJobs !== false) {
      this.sweeper = new StuckJobSweeper(this.opts.database, this.opts.queue, { ...this.opts.stuckJobs, logger: this.logger, artifacts: this.artifacts });
      this.sweeper.start();
    }
  }

  async beforeApplicationShutdown() {
    await this.sweeper?.stop();
    await this.runner?.close({ timeoutMs: this.opts.shutdownTimeoutMs ?? 30_000 });
  }

  /** The handler map in use (for diagnostics and tests). */
  jobNames(): JobName[] {
    return [...(this.handlers?.keys() ?? [])];
  }
}

/**
 * Runs the platform's job processors in this Nest application: apps/worker, or the API itself in
 * embedded mode. The caller owns `database` and `queue` (opens and closes them).
 */
@Module({})
export class JobsModule {
  static forRoot(opts: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: JOBS_OPTIONS, useValue: opts },
        { provide: JOBS_DATABASE, useValue: opts.database },
        { provide: JOBS_QUEUE, useValue: opts.queue },
        { provide: JOBS_ARTIFACTS, useValue: opts.artifacts ?? artifactStoreFromEnv(process.env) },
        ...(opts.processors ?? ALL_PROCESSORS),
        JobRunnerService,
        // Every retraining (schedule fires, triggers) starts through this one launcher.
        { provide: RetrainingLauncher, useFactory: (db: Database, queue: JobQueue, store: ArtifactStore) => new RetrainingLauncher(db.prisma, queue, store), inject: [JOBS_DATABASE, JOBS_QUEUE, JOBS_ARTIFACTS] },
      ],
      exports: [JOBS_DATABASE, JOBS_QUEUE, JOBS_ARTIFACTS, JobRunnerService, RetrainingLauncher],
    };
  }
}
