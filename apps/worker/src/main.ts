// apps/worker: a NestJS application context (no HTTP) that runs the job processors against the
// shared PostgreSQL and Redis. Any number of these run beside the API; each takes jobs from Redis.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { openDatabase, type Database } from '@meridian/db';
import { createQueue, type JobQueue } from '@meridian/queue';
import { ConfigError, loadConfig, type WorkerConfig } from './config';
import { WorkerModule } from './worker.module';

/** Nest's own messages (module init, errors) as pino JSON lines. */
function nestLogger(log: Logger): LoggerService {
  const line = (level: 'info' | 'warn' | 'error' | 'debug' | 'trace') => (message: unknown, ...rest: unknown[]) => {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    log[level]({ context }, typeof message === 'string' ? message : JSON.stringify(message));
  };
  return { log: line('info'), warn: line('warn'), error: line('error'), debug: line('debug'), verbose: line('trace'), fatal: line('error') };
}

export interface RunningWorker {
  stop(reason: string): Promise<void>;
}

export async function startWorker(config: WorkerConfig, log: Logger): Promise<RunningWorker> {
  let database: Database | undefined;
  let queue: JobQueue | undefined;
  try {
    database = await openDatabase({
      url: config.DATABASE_URL,
      migrate: config.MIGRATE_ON_START,
      poolSize: config.DB_POOL_SIZE,
      logger: { info: (m, meta) => log.info(meta ?? {}, m), warn: (m, meta) => log.warn(meta ?? {}, m) },
    });
    queue = createQueue({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX });
    await queue.ping();
    const jobsLog = log.child({ component: 'jobs' });
    const app = await NestFactory.createApplicationContext(
      WorkerModule.register({
        config,
        database,
        queue,
        logger: { info: (m, meta) => jobsLog.info(meta ?? {}, m), warn: (m, meta) => jobsLog.warn(meta ?? {}, m), error: (m, meta) => jobsLog.error(meta ?? {}, m) },
      }),
      { logger: nestLogger(log.child({ component: 'nest' })), abortOnError: false },
    );
    const db = database;
    const q = queue;
    let stopping: Promise<void> | undefined;
    return {
      stop(reason) {
        stopping ??= (async () => {
          log.info({ reason }, 'worker stopping: finishing or releasing the jobs in hand');
          await app.close();
          // Bounded: a query stuck behind a lock must not keep a stopping worker alive forever;
          // exiting drops the connection and PostgreSQL rolls that query back.
          const closedCleanly = await settlesWithin(Promise.all([q.close(), db.close()]), 10_000);
          log.info({ closedCleanly }, 'worker stopped');
        })();
        return stopping;
      },
    };
  } catch (err) {
    await queue?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    throw err;
  }
}

async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const ok = await Promise.race([p.then(() => true, () => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return ok;
}

export async function main(): Promise<void> {
  const boot = pino({ base: { app: 'worker' } });
  let config: WorkerConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      boot.fatal({ problems: err.problems }, err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = pino({ level: config.LOG_LEVEL, base: { app: 'worker', pid: process.pid } });
  let worker: RunningWorker;
  try {
    worker = await startWorker(config, log);
  } catch (err) {
    log.fatal({ err: { message: (err as Error).message, name: (err as Error).name } }, 'worker failed to start');
    process.exit(1);
  }
  log.info({ concurrency: config.WORKER_CONCURRENCY, queuePrefix: config.QUEUE_PREFIX }, 'worker ready');
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now; jobs in hand return to the queue when their locks expire');
      process.exit(1);
    }
    worker.stop(signal).then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err: { message: err.message } }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (require.main === module) {
  void main();
}
