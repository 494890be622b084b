// PostgreSQL-only tests (concurrent migrators across sessions) need the real server. Under CI they
// fail clearly when it is down; elsewhere they are not registered and the reason is printed.
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import pg from 'pg';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 5432) });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export const pgUp = await reachable(ADMIN_URL);
const strict = !!process.env.CI && process.env.CI !== 'false';
if (!pgUp) {
  const msg = `PostgreSQL at ${new URL(ADMIN_URL).host} is not reachable`;
  if (strict) throw new Error(`${msg}: CI needs it for the migration-lock tests. Start it (pg_ctlcluster ... main start).`);
  console.warn(`[migrate tests] ${msg}: PostgreSQL-only tests are not run; the PGlite tests still are.`);
}

export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `meridian_migtest_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
