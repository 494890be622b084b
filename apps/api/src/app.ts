// Builds the API: opens the database (migrating under the lock), connects the queue, mounts the
// job processors when they run in this process, and configures the HTTP stack. Tests, the bench and
// main.ts all start it through here, so what they exercise is what production runs.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import helmet from 'helmet';
import { Logger as NestLogger, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { openDatabase, type Database } from '@meridian/db';
import { ERROR_CODES } from '@meridian/domain';
import { createArtifactStore } from '@meridian/artifacts';
import { JobsModule, StuckJobSweeper } from '@meridian/jobs';
import { createQueue, type JobQueue } from '@meridian/queue';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import { sendHttpError } from './common/error.filter';
import { EMBED_CORS, isEmbeddableRoute } from './feedback/cors';
import { SESSION_COOKIE } from './auth/tokens';
import { loadConfig, type ApiConfig, type ApiEnv } from './config';
import { createLogger } from './logger';
import { MetricsService } from './metrics/metrics.service';
import { DEMO_EMAIL, seedDemo } from './seed/demo-seed';
import { seedTeamProgress } from './seed/team-progress-seed';
import { seedDatasets } from './seed/datasets-seed';
import { DatasetsService } from './datasets/datasets.service';
import { MULTIPART_ROUTES } from './datasets/datasets.controller';
import { AppError } from './common/app-error';
import { seedFinanceAndFeedback } from './seed/finance-feedback-seed';
import { seedGovernance, seedGovernanceModel } from './seed/governance-seed';
import { ARTIFACT_STORE } from './artifacts/artifacts.module';
import { seedRuns } from './seed/runs-seed';
import { seedRetraining } from './seed/retraining-seed';
import { seedInvoiceModels } from './seed/invoice-models-seed';
import { RetrainTriggersService } from './retraining/triggers/retraining-triggers.service';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs/json';

/**
 * @nestjs/platform-fastify pins its own fastify patch release, so plugin types from the hoisted copy
 * differ nominally; at run time plugins only need fastify 5.
 */
type NestPlugin = Parameters<NestFastifyApplication['register']>[0];
const plugin = (p: unknown): NestPlugin => p as NestPlugin;

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Errors thrown inside Nest handlers go through Nest's filters; Fastify's error handler only sees
 * what fails before (body parsing). We install that one ourselves, so Nest's attempt to replace it
 * is skipped rather than silently overriding ours.
 */
class MeridianFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}

/**
 * Helmet's headers, computed once: @fastify/helmet rebuilds the middleware (and re-parses the CSP)
 * on every request, which measured ~2% of the API's CPU under load for the same static headers.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Served over plain http in the embedded mode; upgrading would break the docs page.
        upgradeInsecureRequests: null,
      },
    },
  })({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Every operation can answer the one error body; public operations need no credentials (an empty
 * security list, which is also what the 401 walk in the tests relies on through `x-public`).
 */
function describeErrors(doc: OpenAPIObject): void {
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas.ErrorBody = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'correlationId'],
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_CODES) },
          message: { type: 'string' },
          correlationId: { type: 'string', description: 'Also sent as the x-request-id header; quote it when reporting a problem' },
          issues: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'message'],
              properties: { path: { type: 'string', example: 'goal.threshold' }, message: { type: 'string' }, expected: { type: 'string' } },
            },
          },
        },
      },
    },
  };
  const error = { description: 'Error (see `error.code`)', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
  for (const item of Object.values(doc.paths)) {
    for (const op of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!op) continue;
      op.responses = { ...op.responses, '4XX': error, '5XX': error };
      if ((op as { 'x-public'?: boolean })['x-public']) op.security = [];
    }
  }
}

/** `true`/`false`, a hop count, or addresses/CIDRs/presets (`loopback`, `10.0.0.0/8`, comma-separated). */
export function trustProxyOption(v: string): boolean | number | string {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

export interface CreateAppOptions {
  /** An already open database (tests); the app will not close it. */
  database?: Database;
  /** An already connected queue (tests); the app will not close it. */
  queue?: JobQueue;
  logger?: PinoLogger;
}

export interface MeridianApi {
  app: NestFastifyApplication;
  config: ApiConfig;
  database: Database;
  queue: JobQueue;
  openapi: OpenAPIObject;
  /** Set when the demo was seeded or already there. */
  demo: { email: string; password: string; organizationId: string } | null;
  /** Listens on config HOST/PORT (or the given port; 0 = any free port) and returns the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export async function createApp(config: ApiConfig, opts: CreateAppOptions = {}): Promise<MeridianApi> {
  const logger = opts.logger ?? createLogger(config);
  const dbLogger = {
    info: (msg: string, meta?: object) => logger.info(meta ?? {}, msg),
    warn: (msg: string, meta?: object) => logger.warn(meta ?? {}, msg),
  };
  const database = opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DATA_DIR, poolSize: config.DATABASE_POOL_SIZE, migrate: true, logger: dbLogger }));
  let queue: JobQueue | undefined = opts.queue;
  let app: NestFastifyApplication | undefined;
  try {
    queue ??= await createQueue({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX });
    // Embedded mode: PGlite and the in-process queue live in this process, so the processors do too.
    const imports: ModuleMetadata['imports'] = config.jobsInProcess
      ? [
          JobsModule.forRoot({
            database,
            queue,
            artifacts: createArtifactStore(config),
            logger: {
              info: (msg, meta) => logger.info(meta ?? {}, msg),
              warn: (msg, meta) => logger.warn(meta ?? {}, msg),
              error: (msg, meta) => logger.error(meta ?? {}, msg),
            },
          }),
        ]
      : [];

    const adapter = new MeridianFastifyAdapter({
      bodyLimit: config.BODY_LIMIT_BYTES,
      trustProxy: trustProxyOption(config.TRUST_PROXY),
      // Accept a caller's request id when it looks like one, so a trace spans services.
      genReqId: (req: IncomingMessage) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
        (req as IncomingMessage & { id?: string }).id = id;
        return id;
      },
      routerOptions: { maxParamLength: 200 },
      return503OnClosing: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ config, database, queue, logger, imports }), adapter, {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    const fastify = app.getHttpAdapter().getInstance();
    // JSON only: a text/plain or form body answers 415 (and cannot be a cross-site form post).
    fastify.removeContentTypeParser(['text/plain']);
    fastify.decorateRequest('principal', null);
    fastify.decorateRequest('orgAccess', null);
    // Errors raised before Nest sees the request (body too large, bad JSON, wrong content type).
    const errorLogger = new NestLogger('Errors');
    fastify.setErrorHandler((err, req, reply) => sendHttpError(req as never, reply as never, err, errorLogger));
    // A route that takes larger JSON than BODY_LIMIT_BYTES says so with @RouteConfig({ bodyLimit,
    // bodyTooLarge }) (runs.controller: metric batches of 50,000 points); every other route keeps
    // the global limit. `bodyTooLarge` is the 413 message, which should say how to split the body.
    fastify.addHook('onRoute', (route) => {
      const c = route.config as { bodyLimit?: unknown; bodyTooLarge?: unknown } | undefined;
      if (typeof c?.bodyLimit !== 'number') return;
      route.bodyLimit = c.bodyLimit;
      const message = typeof c.bodyTooLarge === 'string' ? c.bodyTooLarge : null;
      if (message) {
        route.errorHandler = (err, req, reply) =>
          sendHttpError(req as never, reply as never, (err as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? new AppError('PAYLOAD_TOO_LARGE', message) : err, errorLogger);
      }
    });
    const metrics = app.get(MetricsService);
    const headers = securityHeaders();
    fastify.addHook('onRequest', (req, reply, done) => {
      void reply.headers(headers).header('x-request-id', req.id);
      done();
    });
    fastify.addHook('onResponse', (req, reply, done) => {
      metrics.observe(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
    await app.register(plugin(fastifyCookie));
    const dashboardCors = {
      origin: config.WEB_ORIGIN,
      credentials: true,
      methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    };
    // The embeddable feedback endpoints (feedback/cors.ts) answer any origin, without credentials.
    await app.register(plugin(fastifyCors), {
      delegator: (req: { url?: string }, cb: (err: Error | null, o: object) => void) => cb(null, isEmbeddableRoute(req.url) ? EMBED_CORS : dashboardCors),
    });
    // Dataset uploads stream from the request (datasets.controller); limits are set per route there.
    await app.register(plugin(fastifyMultipart), { limits: { fileSize: config.DATASET_MAX_BYTES + 1, files: 1, parts: 12 } });
    // Multipart only where a route reads files: elsewhere it stays 415 like any non-JSON body (no form posts).
    fastify.addHook('onRequest', (req, _reply, done) => {
      const multipart = /^multipart\//i.test(String(req.headers['content-type'] ?? ''));
      if (multipart && !MULTIPART_ROUTES.has(`${req.method} ${req.routeOptions.url ?? ''}`)) {
        done(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JSON body (Content-Type: application/json); multipart/form-data is accepted only by file uploads'));
        return;
      }
      done();
    });
    app.setGlobalPrefix('api', { exclude: ['metrics'] });

    const openapi = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Meridian API')
        .setDescription(
          'REST API of Meridian. Authenticate with the session cookie (POST /api/auth/login) or an API key (`Authorization: Bearer mrd_…`). Errors are `{ error: { code, message, correlationId, issues? } }`. Operations marked `x-public` need no credentials.',
        )
        .setVersion('1')
        .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key: mrd_<prefix>_<secret>' }, 'apiKey')
        .addSecurityRequirements('session')
        .addSecurityRequirements('apiKey')
        .build(),
    );
    describeErrors(openapi);
    SwaggerModule.setup(DOCS_PATH, app, openapi, { jsonDocumentUrl: DOCS_JSON_PATH, ui: config.SWAGGER_UI, raw: ['json'] });

    await app.init();
    await fastify.ready();

    let demo: MeridianApi['demo'] = null;
    if (config.seedDemo) {
      const seeded = await seedDemo(database.prisma, config.DEMO_PASSWORD, config.PASSWORD_SCRYPT_LOG_N);
      await seedTeamProgress(database.prisma, seeded.organizationId);
      if (seeded.organizationId) await seedGovernance(database.prisma, seeded.organizationId);
      if (seeded.organizationId) await seedRuns(database.prisma, seeded.organizationId);
      if (seeded.organizationId) await seedRetraining(database.prisma, queue, seeded.organizationId);
      if (seeded.organizationId) await seedDatasets(app.get(DatasetsService), database.prisma, seeded.organizationId, (m) => logger.info(m));
      if (seeded.organizationId) await seedGovernanceModel(app.get(DatasetsService), app.get(ARTIFACT_STORE), database.prisma, seeded.organizationId, (m) => logger.info(m));
      // Models before feedback: the feedback names the production model version. The retraining run and comparison it starts finish in the job runner.
      if (seeded.organizationId) await seedInvoiceModels({ datasets: app.get(DatasetsService), triggers: app.get(RetrainTriggersService), artifacts: app.get(ARTIFACT_STORE), prisma: database.prisma }, seeded.organizationId, { log: (m) => logger.info(m) });
      if (seeded.organizationId) await seedFinanceAndFeedback(database.prisma, seeded.organizationId);
      demo = { email: DEMO_EMAIL, password: config.DEMO_PASSWORD, organizationId: seeded.organizationId };
      logger.info({ created: seeded.created, email: DEMO_EMAIL }, seeded.created ? 'demo organisation seeded' : 'demo organisation already present');
    }

    // Services mode: every worker sweeps stuck jobs (libs/jobs/src/stuck-runs), but with every worker
    // gone nobody would, and a run killed with its worker would say RUNNING until one came back. The
    // API sweeps too; sweepers are safe to run side by side (conditional writes, lock-checked removal).
    const sweeper = config.jobsInProcess ? null : new StuckJobSweeper(database, queue, { artifacts: app.get(ARTIFACT_STORE), logger: { info: (m, meta) => logger.info(meta ?? {}, m), warn: (m, meta) => logger.warn(meta ?? {}, m), error: (m, meta) => logger.error(meta ?? {}, m) } });
    sweeper?.start();
    const ownsDb = !opts.database;
    const ownsQueue = !opts.queue;
    const q = queue;
    const nest = app;
    let closing: Promise<void> | undefined;
    return {
      app: nest,
      config,
      database,
      queue: q,
      openapi,
      demo,
      async listen(port = config.PORT) {
        await nest.listen({ port, host: config.HOST });
        const addr = fastify.server.address() as AddressInfo;
        const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
        return `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
      },
      close() {
        closing ??= (async () => {
          await sweeper?.stop();
          await nest.close();
          if (ownsQueue) await q.close();
          if (ownsDb) await database.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    if (!opts.queue) await queue?.close().catch(() => undefined);
    if (!opts.database) await database.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Starts the API on a port from plain settings (the bench and tools use this):
 * `const api = await startApi({ port: 0, env: { DATABASE_URL, REDIS_URL } })`.
 */
export async function startApi(opts: { port?: number; env?: ApiEnv & Record<string, string | undefined> } = {}): Promise<MeridianApi & { url: string }> {
  const config = loadConfig({ ...process.env, ...opts.env });
  const api = await createApp(config);
  try {
    const url = await api.listen(opts.port);
    return Object.assign(api, { url });
  } catch (e) {
    await api.close();
    throw e;
  }
}
