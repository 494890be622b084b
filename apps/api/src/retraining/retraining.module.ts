import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import type { PrismaClient } from '@meridian/db';
import { RetrainingLauncher, RetrainScheduler } from '@meridian/jobs';
import type { JobQueue } from '@meridian/queue';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AuditModule } from '../audit/audit.module';
import { JOB_QUEUE, PRISMA } from '../common/tokens';
import { RetrainingController, RetrainingPolicyController } from './retraining.controller';
import { RetrainingRepository } from './retraining.repository';
import { RetrainingService } from './retraining.service';

const nestLogger = (name: string) => {
  const l = new Logger(name);
  return {
    info: (m: string, meta?: object) => l.log(meta ? `${m} ${JSON.stringify(meta)}` : m),
    warn: (m: string, meta?: object) => l.warn(meta ? `${m} ${JSON.stringify(meta)}` : m),
    error: (m: string, meta?: object) => l.error(meta ? `${m} ${JSON.stringify(meta)}` : m),
  };
};

/**
 * The database is the source of truth for schedules: at start every schedule is put back on the
 * queue (the in-process queue forgets them on restart; Redis may have been flushed) and slots
 * missed meanwhile are handled by each schedule's catch-up policy.
 */
@Injectable()
export class RetrainScheduleSync implements OnApplicationBootstrap {
  private readonly logger = new Logger('RetrainScheduleSync');
  constructor(@Inject(RetrainScheduler) private readonly scheduler: RetrainScheduler) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.scheduler.syncAll(new Date());
    } catch (e) {
      // Start anyway: the schedules stay in the database and the next start (or an edit) syncs them.
      this.logger.error({ err: e }, 'could not sync retraining schedules to the queue');
    }
  }
}

@Module({
  imports: [AuditModule],
  controllers: [RetrainingController, RetrainingPolicyController],
  providers: [
    RetrainingRepository,
    RetrainingService,
    RetrainScheduleSync,
    {
      provide: RetrainingLauncher,
      inject: [PRISMA, JOB_QUEUE, ARTIFACT_STORE],
      useFactory: (prisma: PrismaClient, queue: JobQueue, store: ArtifactStore) => new RetrainingLauncher(prisma, queue, store, nestLogger('RetrainingLauncher')),
    },
    {
      provide: RetrainScheduler,
      inject: [PRISMA, JOB_QUEUE, RetrainingLauncher],
      useFactory: (prisma: PrismaClient, queue: JobQueue, launcher: RetrainingLauncher) => new RetrainScheduler(prisma, queue, launcher, nestLogger('RetrainScheduler')),
    },
  ],
  exports: [RetrainingLauncher, RetrainingService],
})
export class RetrainingModule {}
