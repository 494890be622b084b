// Shared by the bench scripts: machine description and rewriting one section of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export function commit() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root }).toString().trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

/** Replaces the text between <!-- bench:NAME:start --> and <!-- bench:NAME:end --> markers. */
export function writeSection(name, markdown) {
  const file = join(root, 'docs', 'benchmarks.md');
  const text = readFileSync(file, 'utf8');
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const next = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

/**
 * The set-up every API benchmark shares: build apps/api (unless BENCH_SKIP_BUILD=1), make a fresh
 * database on the real PostgreSQL server, start the production build against it with Redis, wait
 * for readiness and sign up a user. Returns the base URL, the session cookie, the org id and stop().
 */
export async function startBenchApi({ dbName, port, env = {} }) {
  const { spawn, spawnSync } = await import('node:child_process');
  const { default: pg } = await import('pg');
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    console.log('▸ building the API');
    const build = spawnSync(join(root, 'node_modules/.bin/nx'), ['run', '@meridian/api:build', '--output-style=stream'], { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((e) => {
    console.error(`PostgreSQL is not reachable at ${adminUrl}: ${e.message}. Start it or set BENCH_PG_URL.`);
    process.exit(1);
  });
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;

  const api = spawn(process.execPath, ['apps/api/dist/main.js'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: dbUrl.toString(), REDIS_URL: redisUrl, SEED_DEMO: 'false', LOG_LEVEL: 'warn', RATE_LIMIT_AUTH_PER_MINUTE: '1000', ...env },
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => api.kill('SIGTERM');
  try {
    const until = Date.now() + 120_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/api/health/ready`)).ok) break;
      } catch {
        /* starting */
      }
      if (Date.now() > until) throw new Error('API did not become ready');
      await new Promise((r) => setTimeout(r, 300));
    }
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `${dbName}-${Date.now()}@meridian.local`, password: 'bench-password-123', name: 'Bench', organizationName: `Bench ${dbName}` }),
    });
    if (signup.status !== 201) throw new Error(`signup answered ${signup.status}: ${await signup.text()}`);
    const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const orgId = (await signup.json()).memberships[0].organizationId;
    return { base, cookie, orgId, dbUrl: dbUrl.toString(), dbHost: dbUrl.host, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
