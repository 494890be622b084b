import { Module, RequestMethod, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { Database } from '@meridian/db';
import type { JobQueue } from '@meridian/queue';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ArtifactsModule } from './artifacts/artifacts.module';
import { DatasetsModule } from './datasets/datasets.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { FeedbackModule } from './feedback/feedback.module';
import { FinanceModule } from './finance/finance.module';
import { CoreModule } from './common/core.module';
import { ErrorFilter } from './common/error.filter';
import { graphqlErrorFormatter } from './common/graphql-errors';
import type { ApiConfig } from './config';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { ApiJobsModule } from './jobs/jobs.module';
import { OpsModule } from './ops.module';
import { OrgsModule } from './orgs/orgs.module';
import { ProjectsModule } from './projects/projects.module';
import { RunsModule } from './runs/runs.module';
import { ModelsModule } from './models/models.module';
import { RisksModule } from './risks/risks.module';
import { FairnessAuditsModule } from './fairness-audits/fairness-audits.module';
import { ModelCardsModule } from './model-cards/model-cards.module';
import { TeamModule } from './team/team.module';
import { ProgressModule } from './progress/progress.module';
import { RetrainingModule } from './retraining/retraining.module';
import { RetrainTriggersModule } from './retraining/triggers/retraining-triggers.module';

export interface AppModuleOptions {
  config: ApiConfig;
  database: Database;
  queue: JobQueue;
  logger: PinoLogger;
  /** Extra modules, e.g. the job processors when they run inside the API (embedded mode). */
  imports?: ModuleMetadata['imports'];
}

/** Keys that must never reach a log line, wherever they appear. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.key',
  '*.keyHash',
  '*.tokenHash',
  '*.DATABASE_URL',
  '*.REDIS_URL',
];

@Module({})
export class AppModule {
  static register(opts: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            logger: opts.logger,
            genReqId: (req) => (req as { id?: string }).id ?? '',
            quietReqLogger: true,
            // "request completed" is an info line: above info it would be built and dropped.
            autoLogging: ['trace', 'debug', 'info'].includes(opts.config.LOG_LEVEL),
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'info'),
            serializers: {
              req: (req: { method?: string; url?: string; remoteAddress?: string }) => ({ method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
              res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
            },
            redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          },
        }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          graphiql: false,
          context: (req: FastifyRequest, reply: FastifyReply) => ({ req, reply }),
          errorFormatter: graphqlErrorFormatter,
        }),
        CoreModule.register({ config: opts.config, database: opts.database, queue: opts.queue }),
        OpsModule,
        ArtifactsModule,
        DatasetsModule,
        AuditModule,
        OrgsModule,
        ApiKeysModule,
        AuthModule,
        ProjectsModule,
        RunsModule,
        ModelsModule,
        RisksModule,
        FairnessAuditsModule,
        ModelCardsModule,
        FinanceModule,
        FeedbackModule,
        TeamModule,
        ProgressModule,
        RetrainingModule,
        RetrainTriggersModule,
        ApiJobsModule,
        GraphqlApiModule,
        ...(opts.imports ?? []),
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
