// Test databases for integration suites: a fresh, uniquely named PostgreSQL database when the
// server on 127.0.0.1:5432 answers, else a fresh embedded PGlite folder, so the same suites run on
// both. Migrations run once per migration set: into a template database (or template folder) that
// each test database is copied from, which takes ~100 ms instead of a full migration.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, renameSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { defaultPaths, migrate, withAdvisoryLock } from '@meridian/migrate';
import { openDatabase, type Database } from './database';

export interface TestDatabase extends Database {
  /** Connection string of the PostgreSQL test database; undefined on PGlite. */
  url?: string;
  /** Database name (PostgreSQL) or data folder (PGlite). */
  name: string;
}

export interface CreateTestDatabaseOptions {
  /**
   * 'auto': PostgreSQL when reachable, else PGlite. 'postgres': fail clearly when it is down.
   * Default: MERIDIAN_TEST_DB, else 'postgres' under CI (CI must prove the real server), else 'auto'.
   */
  mode?: 'auto' | 'postgres' | 'pglite';
  /** Server database to connect to for CREATE DATABASE (default TEST_DATABASE_URL or postgres@127.0.0.1:5432/postgres). */
  adminUrl?: string;
}

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
let reachable: Promise<boolean> | undefined;
let announced = false;

/** True when something accepts TCP connections at the admin URL's host and port within timeoutMs. */
export function postgresReachable(adminUrl: string = testAdminUrl(), timeoutMs = 1000): Promise<boolean> {
  const u = new URL(adminUrl);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function testDbMode(): 'auto' | 'postgres' | 'pglite' {
  const env = process.env.MERIDIAN_TEST_DB;
  if (env === 'auto' || env === 'postgres' || env === 'pglite') return env;
  if (env) throw new Error(`MERIDIAN_TEST_DB="${env}" is not one of auto, postgres, pglite.`);
  return process.env.CI && process.env.CI !== 'false' ? 'postgres' : 'auto';
}

export function testAdminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
}

function migrationsHash(migrationsDir: string): string {
  const h = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort()) {
    const file = join(migrationsDir, name, 'migration.sql');
    if (existsSync(file)) h.update(name).update(readFileSync(file));
  }
  return h.digest('hex').slice(0, 12);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(opts: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const mode = opts.mode ?? testDbMode();
  const adminUrl = opts.adminUrl ?? testAdminUrl();
  if (mode === 'pglite') return createPgliteTestDatabase();
  reachable ??= postgresReachable(adminUrl);
  if (await reachable) return createPostgresTestDatabase(adminUrl);
  const where = new URL(adminUrl).host;
  if (mode === 'postgres') {
    throw new Error(`PostgreSQL at ${where} is not reachable, and this run requires it (CI or MERIDIAN_TEST_DB=postgres). Start PostgreSQL, or set MERIDIAN_TEST_DB=pglite to run on embedded PGlite.`);
  }
  if (!announced) {
    announced = true;
    console.warn(`[test-db] PostgreSQL at ${where} is not reachable: integration tests run on embedded PGlite.`);
  }
  return createPgliteTestDatabase();
}

async function createPostgresTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const { migrationsDir } = defaultPaths();
  const template = `meridian_test_tpl_${migrationsHash(migrationsDir)}`;
  const name = `meridian_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`Cannot connect to PostgreSQL at ${new URL(adminUrl).host} for tests: ${(err as Error).message}`);
  }
  try {
    // Concurrent test processes (vitest workers, packages, other checkouts on this server) build
    // each template once between them, and never copy one while another process changes the set.
    await withAdvisoryLock(admin, async () => {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!rowCount) {
        const building = `${template}_build`;
        await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
        await admin.query(`CREATE DATABASE "${building}"`);
        await migrate({ target: { url: withDatabase(adminUrl, building) }, migrationsDir });
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
        await dropStale(admin, template);
      }
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    });
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = withDatabase(adminUrl, name);
  const db = await openDatabase({ url, poolSize: 5 });
  let closing: Promise<void> | undefined;
  return {
    ...db,
    url,
    name,
    close() {
      closing ??= (async () => {
        await db.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      })();
      return closing;
    },
  };
}

/**
 * Best effort, under the lock: test databases left by killed runs (a day old), and templates beyond
 * the five newest (other checkouts on this server may still use theirs).
 */
async function dropStale(admin: pg.Client, currentTemplate: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'meridian\\_test\\_%' ORDER BY oid DESC");
  const dayAgo = Date.now() - 24 * 3600_000;
  let templates = 0;
  for (const { datname } of rows) {
    if (datname === currentTemplate) continue;
    let stale = false;
    if (datname.startsWith('meridian_test_tpl_')) stale = ++templates > 4;
    else {
      const m = /^meridian_test_([0-9a-z]+)_[0-9a-f]{6}$/.exec(datname);
      stale = m !== null && parseInt(m[1], 36) < dayAgo;
    }
    if (stale) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
}

let pgliteTemplate: Promise<string> | undefined;

async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const { migrationsDir } = defaultPaths();
  pgliteTemplate ??= (async () => {
    const dir = join(tmpdir(), `meridian-pglite-tpl-${migrationsHash(migrationsDir)}`);
    if (existsSync(join(dir, 'PG_VERSION'))) return dir;
    // Build in a private folder and rename, so a concurrent test process never copies a half-built one.
    const building = mkdtempSync(join(tmpdir(), 'meridian-pglite-build-'));
    const db = await openDatabase({ dataDir: building, migrate: true, migrationsDir });
    await db.close();
    try {
      renameSync(building, dir);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
    rmSync(`${building}.lock`, { recursive: true, force: true });
    return dir;
  })();
  const template = await pgliteTemplate;
  const dataDir = mkdtempSync(join(tmpdir(), 'meridian-test-pglite-'));
  cpSync(template, dataDir, { recursive: true, filter: (src) => !statSync(src).isSocket() });
  const db = await openDatabase({ dataDir });
  let closing: Promise<void> | undefined;
  return {
    ...db,
    name: dataDir,
    close() {
      closing ??= (async () => {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
