// The one migration runner: applies prisma/migrations through Prisma's WebAssembly schema engine,
// which records them in _prisma_migrations exactly like `prisma migrate deploy`, under a lock.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PGliteAdapterFactory } from './pglite-adapter';
import pg from 'pg';
import { loadSchemaEngineModule, NO_FILTERS } from './engine';
import { withAdvisoryLock, type LockSession } from './lock';
import { readMigrationsDir } from './migrations-dir';
import { describeUrl, MigrateError, errorMessage, parseEngineError } from './errors';

export interface MigrateLogger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
}

/** A PostgreSQL server (connection string) or an open embedded PGlite instance. */
export type MigrationTarget = { url: string } | { pglite: PGlite };

export interface MigrateOptions {
  target: MigrationTarget;
  /** Folder holding <timestamp>_<name>/migration.sql and migration_lock.toml. */
  migrationsDir: string;
  /** Optional: the Prisma schema, which lets the engine check the provider up front. */
  schemaPath?: string;
  logger?: MigrateLogger;
  /** How long to wait for another migrator before failing (default 10 minutes). */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  applied: string[];
}

interface Connection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  session: LockSession;
  close(): Promise<void>;
}

async function connect(target: MigrationTarget): Promise<Connection> {
  if ('pglite' in target) {
    return { factory: new PGliteAdapterFactory(target.pglite), session: target.pglite, close: async () => undefined };
  }
  const session = new pg.Client({ connectionString: target.url });
  // A server restart mid-run must surface as the failing query's error, not as an unhandled
  // 'error' event that kills the process.
  session.on('error', () => undefined);
  try {
    await session.connect();
  } catch (err) {
    throw new MigrateError(`Cannot connect to PostgreSQL at ${describeUrl(target.url)}: ${errorMessage(err)}. Is the server running and DATABASE_URL right?`);
  }
  // One pool for the engine's connections; the lock lives on its own session above.
  const pool = new pg.Pool({ connectionString: target.url, max: 2 });
  pool.on('error', () => undefined);
  return {
    factory: new PrismaPg(pool),
    session,
    close: async () => {
      await pool.end().catch(() => undefined);
      await session.end().catch(() => undefined);
    },
  };
}

type Engine = Awaited<ReturnType<Awaited<ReturnType<typeof loadSchemaEngineModule>>['SchemaEngine']['new']>>;

/** Connects, takes the migration lock, runs fn with a schema engine, and cleans everything up. */
async function withLockedEngine<T>(
  target: MigrationTarget,
  datamodels: [string, string][] | undefined,
  opts: { lockTimeoutMs?: number; logger?: MigrateLogger },
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  const conn = await connect(target);
  try {
    return await withAdvisoryLock(
      conn.session,
      async () => {
        const engine = await SchemaEngine.new({ datamodels }, () => undefined, bindMigrationAwareSqlAdapterFactory(conn.factory));
        try {
          return await fn(engine);
        } finally {
          engine.free();
        }
      },
      {
        timeoutMs: opts.lockTimeoutMs,
        onWait: () => opts.logger?.info('another process is migrating this database; waiting for its lock'),
      },
    );
  } finally {
    await conn.close();
  }
}

export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const migrationsList = readMigrationsDir(opts.migrationsDir);
  const datamodels: [string, string][] | undefined = opts.schemaPath
    ? [[basename(opts.schemaPath), readFileSync(opts.schemaPath, 'utf8')]]
    : undefined;
  return withLockedEngine(opts.target, datamodels, opts, async (engine) => {
    let applied: string[];
    try {
      applied = (await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).appliedMigrationNames;
    } catch (err) {
      const { message, migrationName } = parseEngineError(err);
      if (migrationName) {
        throw new MigrateError(
          `Migration ${migrationName} failed: ${message}. It is recorded as failed in _prisma_migrations and no later migration runs. ` +
            `Fix ${migrationName}/migration.sql (and any half-applied change in the database), then run ` +
            `\`npm run db:migrate -- --rolled-back ${migrationName}\` and migrate again.`,
          { cause: err },
        );
      }
      throw new MigrateError(`Applying migrations from ${migrationsList.baseDir} failed: ${message}`, { cause: err });
    }
    opts.logger?.info(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date', {
      applied,
      total: migrationsList.migrationDirectories.length,
    });
    return { applied };
  });
}

/** Like `prisma migrate resolve --rolled-back`: lets a fixed, previously failed migration run again. */
export async function markRolledBack(opts: { target: MigrationTarget; migrationName: string; logger?: MigrateLogger }): Promise<void> {
  await withLockedEngine(opts.target, undefined, opts, async (engine) => {
    try {
      await engine.markMigrationRolledBack({ migrationName: opts.migrationName });
    } catch (err) {
      throw new MigrateError(`Could not mark ${opts.migrationName} rolled back: ${parseEngineError(err).message}`, { cause: err });
    }
  });
  opts.logger?.info(`marked ${opts.migrationName} as rolled back; it will be applied again on the next migrate`);
}

export interface MigrationStatus {
  /** In prisma/migrations but not applied to the database. */
  pending: string[];
  /** Applied to the database but missing from prisma/migrations (another branch, or deleted files). */
  unknownToFolder: string[];
  failed: string[];
  /** Applied, but migration.sql changed since (checksum mismatch). */
  edited: string[];
  upToDate: boolean;
}

/** Like `prisma migrate status`: compares prisma/migrations with _prisma_migrations, changes nothing. */
export async function migrationStatus(opts: { target: MigrationTarget; migrationsDir: string; logger?: MigrateLogger }): Promise<MigrationStatus> {
  const migrationsList = readMigrationsDir(opts.migrationsDir);
  return withLockedEngine(opts.target, undefined, opts, async (engine) => {
    let out;
    try {
      out = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS });
    } catch (err) {
      throw new MigrateError(`Could not read the migration history: ${parseEngineError(err).message}`, { cause: err });
    }
    const h = out.history;
    const pending = h?.diagnostic === 'databaseIsBehind' || h?.diagnostic === 'historiesDiverge' ? h.unappliedMigrationNames : [];
    const unknownToFolder = h?.diagnostic === 'migrationsDirectoryIsBehind' || h?.diagnostic === 'historiesDiverge' ? h.unpersistedMigrationNames : [];
    const status = { pending, unknownToFolder, failed: out.failedMigrationNames, edited: out.editedMigrationNames };
    return { ...status, upToDate: Object.values(status).every((l) => l.length === 0) };
  });
}
