// Opens the one database: the PostgreSQL server at DATABASE_URL, or embedded PostgreSQL (PGlite) in
// a data folder when there is none. Both speak the same SQL and run the same migrations, so code
// above this cannot tell them apart.
import { isAbsolute, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defaultPaths, describeUrl, lockDataDir, migrate, PGliteAdapterFactory, type DataDirLock } from '@meridian/migrate';
import { PrismaClient } from './generated/prisma/client';

export interface DbLogger {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'pglite';
  /** Throws DatabaseUnavailableError when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string (DATABASE_URL); absent => embedded PGlite. */
  url?: string;
  /** PGlite folder; default <repo>/.data/pglite. `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** Apply prisma/migrations (under the migration lock) before returning. */
  migrate?: boolean;
  /** Default <repo>/prisma/migrations. */
  migrationsDir?: string;
  /** pg pool size for a server database (default 10). */
  poolSize?: number;
  logger?: DbLogger;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts) : openPglite(opts);
}

async function openPostgres(url: string, opts: OpenDatabaseOptions): Promise<Database> {
  const where = describeUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server emits 'error' on the pool; unhandled, that kills the process.
  pool.on('error', (err) => opts.logger?.warn('idle PostgreSQL connection failed', { where, error: err.message }));
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`Cannot connect to PostgreSQL at ${where}: ${messageOf(err)}. Check DATABASE_URL and that the server runs.`);
  }
  try {
    if (opts.migrate) {
      await migrate({ target: { url }, migrationsDir: opts.migrationsDir ?? defaultPaths().migrationsDir, logger: opts.logger });
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  opts.logger?.info('database ready', { kind: 'postgres', where });
  return makeDatabase('postgres', prisma, where, async () => {
    await prisma.$disconnect();
    await pool.end();
  });
}

async function openPglite(opts: OpenDatabaseOptions): Promise<Database> {
  const inMemory = opts.dataDir?.startsWith('memory://') ?? false;
  const dataDir = inMemory ? opts.dataDir! : resolveDataDir(opts.dataDir);
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    lock = await lockDataDir(dataDir, (err) => opts.logger?.warn('embedded database lock compromised', { dataDir, error: err.message }));
  }
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create({ dataDir });
    if (opts.migrate) {
      await migrate({ target: { pglite }, migrationsDir: opts.migrationsDir ?? defaultPaths().migrationsDir, logger: opts.logger });
    }
  } catch (err) {
    await pglite?.close().catch(() => undefined);
    await lock?.release();
    if (pglite || (err as Error).name === 'MigrateError') throw err;
    throw new DatabaseUnavailableError(
      `Could not open the embedded database in ${dataDir}: ${messageOf(err)}. If the folder was written by another PGlite version or is damaged, move it away (a new one is created).`,
      { cause: err },
    );
  }
  const db = pglite;
  const prisma = new PrismaClient({ adapter: new PGliteAdapterFactory(db) });
  opts.logger?.info('database ready', { kind: 'pglite', dataDir });
  return makeDatabase('pglite', prisma, dataDir, async () => {
    await prisma.$disconnect();
    await db.close();
    await lock?.release();
  });
}

function resolveDataDir(dataDir: string | undefined): string {
  if (!dataDir) return defaultPaths().pgliteDataDir;
  return isAbsolute(dataDir) ? dataDir : resolve(process.cwd(), dataDir);
}

function makeDatabase(kind: Database['kind'], prisma: PrismaClient, where: string, closeFn: () => Promise<void>): Database {
  let closing: Promise<void> | undefined;
  return {
    prisma,
    kind,
    async ping() {
      try {
        await prisma.$queryRawUnsafe('SELECT 1');
      } catch (err) {
        throw new DatabaseUnavailableError(`Database ${kind} at ${where} does not answer: ${messageOf(err)}`);
      }
    },
    close() {
      closing ??= closeFn();
      return closing;
    },
  };
}
