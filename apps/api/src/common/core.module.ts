import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@meridian/db';
import type { JobQueue } from '@meridian/queue';
import type { ApiConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import { AccessCache } from './access-cache';
import { Transactions } from './prisma';
import { API_CONFIG, DATABASE, JOB_QUEUE, PRISMA } from './tokens';

/** What every feature module may inject: configuration, the database, the queue and shared helpers. */
@Global()
@Module({})
export class CoreModule {
  static register(opts: { config: ApiConfig; database: Database; queue: JobQueue }): DynamicModule {
    const providers = [
      { provide: API_CONFIG, useValue: opts.config },
      { provide: DATABASE, useValue: opts.database },
      { provide: PRISMA, useValue: opts.database.prisma },
      { provide: JOB_QUEUE, useValue: opts.queue },
      AccessCache,
      Transactions,
      MetricsService,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
