import { Module, RequestMethod, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { Database } from '@meridian/db';
import type { JobQueue } from '@meridian/queue';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthRepository } from './auth/auth.repository';
import { AuthService } from './auth/auth.service';
import { AuthRateLimitGuard } from './auth/rate-limit.guard';
import { AccessCache } from './common/access-cache';
import { ErrorFilter } from './common/error.filter';
import { graphqlErrorFormatter } from './common/graphql-errors';
import { Transactions } from './common/prisma';
import { API_CONFIG, DATABASE, JOB_QUEUE, PRISMA } from './common/tokens';
import type { ApiConfig } from './config';
import { ApiResolver } from './graphql/resolvers';
import { HealthController } from './health/health.controller';
import { JobsController } from './jobs/jobs.controller';
import { JobsRepository } from './jobs/jobs.repository';
import { JobsService } from './jobs/jobs.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { OrgsController } from './orgs/orgs.controller';
import { OrgsRepository } from './orgs/orgs.repository';
import { OrgsService } from './orgs/orgs.service';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsRepository } from './projects/projects.repository';
import { ProjectsService } from './projects/projects.service';

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
        ...(opts.imports ?? []),
      ],
      controllers: [
        HealthController,
        MetricsController,
        AuthController,
        OrgsController,
        ApiKeysController,
        AuditController,
        ProjectsController,
        JobsController,
      ],
      providers: [
        { provide: API_CONFIG, useValue: opts.config },
        { provide: DATABASE, useValue: opts.database },
        { provide: PRISMA, useValue: opts.database.prisma },
        { provide: JOB_QUEUE, useValue: opts.queue },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        AccessCache,
        Transactions,
        MetricsService,
        AuditRepository,
        AuditService,
        AuthRepository,
        AuthService,
        AuthRateLimitGuard,
        OrgsRepository,
        OrgsService,
        ApiKeysRepository,
        ApiKeysService,
        ProjectsRepository,
        ProjectsService,
        JobsRepository,
        JobsService,
        ApiResolver,
      ],
      exports: [API_CONFIG, DATABASE, PRISMA, JOB_QUEUE, MetricsService],
    };
  }
}
