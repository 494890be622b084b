// Boots the real API (real Fastify stack, real database, real queue) for integration tests.
// PostgreSQL + Redis when reachable (required under CI), else embedded PGlite + the in-process
// queue; MERIDIAN_TEST_DB=pglite MERIDIAN_TEST_QUEUE=memory force the embedded pair.
import { createTestDatabase, type TestDatabase } from '@meridian/db';
import { createTestQueue, type JobQueue, type TestQueue } from '@meridian/queue';
import type { Role } from '@meridian/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type MeridianApi } from '../src/app';
import { loadConfig } from '../src/config';

export interface Harness {
  api: MeridianApi;
  db: TestDatabase;
  queue: JobQueue;
  mode: { db: 'postgres' | 'pglite'; queue: string };
  request(opts: RequestOpts): Promise<Res>;
  close(): Promise<void>;
}

export interface RequestOpts {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';
  url: string;
  body?: unknown;
  /** Raw payload (string/Buffer) with explicit headers, for malformed-input tests. */
  payload?: string | Buffer;
  cookie?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  ip?: string;
}

export interface Res {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: unknown;
  text: string;
  json<T = Record<string, unknown>>(): T;
  cookie?: string;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const artifactsDir = mkdtempSync(join(tmpdir(), 'meridian-test-artifacts-'));
  let tq: TestQueue | undefined;
  let api: MeridianApi | undefined;
  try {
    // BullMQ under a private key prefix, so processors of other suites never take this suite's jobs.
    tq = await createTestQueue();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      PASSWORD_SCRYPT_LOG_N: '12',
      SEED_DEMO: 'false',
      JOBS_IN_PROCESS: 'true',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      // Dataset files and other artifacts of this suite go to a private folder, removed on close.
      ARTIFACTS_DIR: artifactsDir,
      ...(tq.prefix ? { QUEUE_PREFIX: tq.prefix } : {}),
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      ...(tq.redisUrl ? { REDIS_URL: tq.redisUrl } : {}),
      ...env,
    });
    api = await createApp(config, { database: db, queue: tq.queue, logger: pino({ level: config.LOG_LEVEL }) });
  } catch (e) {
    await tq?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw e;
  }
  const a = api;
  const q = tq;
  return {
    api: a,
    db,
    queue: q.queue,
    mode: { db: db.kind, queue: q.queue.kind },
    request: (opts) => request(a, opts),
    async close() {
      await a.close();
      await q.close();
      await db.close();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
  };
}

export async function request(api: MeridianApi, o: RequestOpts): Promise<Res> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.cookie) headers.cookie = o.cookie;
  if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
  let payload: string | Buffer | undefined = o.payload;
  if (o.body !== undefined) {
    payload = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await api.app.inject({ method: o.method ?? 'GET', url: o.url, headers, payload, remoteAddress: o.ip ?? '127.0.0.1' });
  const setCookie = res.headers['set-cookie'];
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [String(setCookie)] : []).map((c) => c.split(';')[0]).filter((c) => !c.endsWith('='));
  let body: unknown = undefined;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    body = undefined;
  }
  return {
    status: res.statusCode,
    headers: res.headers,
    body,
    text: res.body,
    json: <T>() => body as T,
    cookie: cookies.length ? cookies.join('; ') : undefined,
  };
}

// ---- data factories ----

let seq = 0;
export const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export interface TestUser {
  userId: string;
  email: string;
  password: string;
  cookie: string;
  orgId: string;
}

let ipSeq = 0;
/** A fresh client address (TEST-NET-3), so factories never run into the per-IP sign-in limit. */
export const uniqueIp = () => `203.0.113.${(ipSeq++ % 254) + 1}`;

export async function signUp(h: Harness, over: { email?: string; orgName?: string; name?: string } = {}): Promise<TestUser> {
  const email = over.email ?? `${unique('user')}@example.test`;
  const password = 'correct-horse-battery';
  const res = await h.request({ method: 'POST', url: '/api/auth/signup', ip: uniqueIp(), body: { email, password, name: over.name ?? 'Test User', organizationName: over.orgName ?? unique('Org') } });
  if (res.status !== 201 || !res.cookie) throw new Error(`signup failed: ${res.status} ${res.text}`);
  const me = res.json<{ user: { id: string }; memberships: { organizationId: string }[] }>();
  return { userId: me.user.id, email, password, cookie: res.cookie, orgId: me.memberships[0].organizationId };
}

/** A user who is a member of `orgId` with `role` (added by the org's owner). */
export async function memberOf(h: Harness, owner: TestUser, role: Role): Promise<TestUser> {
  const u = await signUp(h);
  const res = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/members`, cookie: owner.cookie, body: { email: u.email, role } });
  if (res.status !== 201) throw new Error(`add member failed: ${res.status} ${res.text}`);
  return { ...u, orgId: owner.orgId };
}

export async function createProject(h: Harness, who: { cookie?: string; apiKey?: string }, orgId: string, over: Record<string, unknown> = {}) {
  const res = await h.request({
    method: 'POST',
    url: `/api/orgs/${orgId}/projects`,
    ...who,
    body: { name: unique('Project'), startupMode: 'APPLICATION', businessModel: 'SAAS', ...over },
  });
  if (res.status !== 201) throw new Error(`create project failed: ${res.status} ${res.text}`);
  return res.json<{ id: string; name: string; organizationId: string }>();
}

export async function createApiKey(h: Harness, owner: TestUser, role: Role): Promise<{ id: string; key: string }> {
  const res = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/api-keys`, cookie: owner.cookie, body: { name: unique('key'), role } });
  if (res.status !== 201) throw new Error(`create key failed: ${res.status} ${res.text}`);
  return res.json<{ id: string; key: string }>();
}

export async function waitFor<T>(fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
