// Health, metrics, CORS, security headers, logs without secrets, the demo seed and boot-time config.
import { Writable } from 'node:stream';
import { createTestDatabase } from '@meridian/db';
import { createTestQueue } from '@meridian/queue';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { ConfigError, loadConfig } from '../src/config';
import { DEMO_EMAIL, DEMO_PROJECTS, seedDemo } from '../src/seed/demo-seed';
import { request, signUp, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ WEB_ORIGIN: 'http://dashboard.test:3000' });
});
afterAll(async () => h?.close());

describe('health', () => {
  it('liveness and readiness are public; readiness names database and queue', async () => {
    expect((await h.request({ url: '/api/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await h.request({ url: '/api/health/ready' });
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: { status: 'up', kind: h.db.kind }, queue: { status: 'up', kind: h.queue.kind } } });
  });

  it('readiness answers 503 naming the part that is down', async () => {
    const db = await createTestDatabase();
    const tq = await createTestQueue();
    const api = await createApp(loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'false', JOBS_IN_PROCESS: 'false' }), { database: db, queue: tq.queue, logger: pino({ level: 'silent' }) });
    try {
      await db.close();
      const res = await request(api, { url: '/api/health/ready' });
      expect(res.status).toBe(503);
      const body = res.json<{ status: string; checks: { database: { status: string; error: string }; queue: { status: string } } }>();
      expect(body.status).toBe('unavailable');
      expect(body.checks.database.status).toBe('down');
      expect(body.checks.database.error).not.toMatch(/password/i);
      expect(body.checks.queue.status).toBe('up');
    } finally {
      await api.close();
      await tq.close();
    }
  });
});

describe('metrics', () => {
  it('exposes request durations by route pattern, process metrics and job counts', async () => {
    const u = await signUp(h);
    await h.request({ url: `/api/orgs/${u.orgId}/projects`, cookie: u.cookie });
    const res = await h.request({ url: '/metrics' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{.*method="GET".*route="\/api\/orgs\/:orgId\/projects".*status_code="200"/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toContain('# HELP meridian_jobs ');
    expect(res.text).not.toContain(u.orgId);
  });

  it('needs the token when METRICS_TOKEN is set', async () => {
    const t = await startHarness({ METRICS_TOKEN: 'a-long-metrics-token-123' });
    try {
      expect((await t.request({ url: '/metrics' })).status).toBe(401);
      expect((await t.request({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
      expect((await t.request({ url: '/metrics', headers: { authorization: 'Bearer a-long-metrics-token-123' } })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('HTTP hardening', () => {
  it('allows CORS with credentials for the dashboard origin only', async () => {
    const ok = await h.request({ method: 'OPTIONS', url: '/api/me', headers: { origin: 'http://dashboard.test:3000', 'access-control-request-method': 'GET' } });
    expect(ok.headers['access-control-allow-origin']).toBe('http://dashboard.test:3000');
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    const evil = await h.request({ method: 'OPTIONS', url: '/api/me', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers', async () => {
    const res = await h.request({ url: '/api/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('logs JSON lines with the request id and never passwords, cookies or keys', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        cb();
      },
    });
    const db = await createTestDatabase();
    const tq = await createTestQueue();
    const logger = pino({ level: 'debug', redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' } }, sink);
    const api = await createApp(loadConfig({ SEED_DEMO: 'false', JOBS_IN_PROCESS: 'false', PASSWORD_SCRYPT_LOG_N: '12' }), { database: db, queue: tq.queue, logger });
    try {
      const password = 'very-secret-password-42';
      const su = await request(api, { method: 'POST', url: '/api/auth/signup', body: { email: 'logs@example.test', password, name: 'Logs', organizationName: 'Logs Org' }, headers: { 'x-request-id': 'log-trace-000001' } });
      expect(su.status).toBe(201);
      const token = su.cookie!.split('=')[1];
      await request(api, { url: '/api/me', cookie: su.cookie });
      await request(api, { url: '/api/boom-not-found', headers: { authorization: 'Bearer mrd_abcdefabcdef_secretsecretsecretsecretsecretsecretsecretsec' } });
      const all = lines.join('\n');
      expect(all).not.toContain(password);
      expect(all).not.toContain(token);
      expect(all).not.toContain('secretsecretsecret');
      const completed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request completed');
      expect(completed.length).toBeGreaterThanOrEqual(3);
      expect(completed.find((l) => l.reqId === 'log-trace-000001')).toBeTruthy();
    } finally {
      await api.close();
      await tq.close();
      await db.close();
    }
  });
});

describe('demo seed', () => {
  it('creates Northwind AI with projects, an owner and a viewer, once', async () => {
    const first = await seedDemo(h.db.prisma, 'meridian-demo-2026', 12);
    const second = await seedDemo(h.db.prisma, 'meridian-demo-2026', 12);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, organizationId: first.organizationId });
    expect(await h.db.prisma.project.count({ where: { organizationId: first.organizationId } })).toBe(DEMO_PROJECTS.length);
    const login = await h.request({ method: 'POST', url: '/api/auth/login', body: { email: DEMO_EMAIL, password: 'meridian-demo-2026' } });
    expect(login.status).toBe(200);
    const list = await h.request({ url: `/api/orgs/${first.organizationId}/projects`, cookie: login.cookie });
    const items = list.json<{ items: { name: string; goal: { metric: string | null } }[] }>().items;
    expect(items.map((p) => p.name)).toEqual(DEMO_PROJECTS.map((p) => p.name));
    expect(items.every((p) => p.goal.metric)).toBe(true);
    const members = (await h.request({ url: `/api/orgs/${first.organizationId}/members`, cookie: login.cookie })).json<{ role: string }[]>();
    expect(members.map((m) => m.role).sort()).toEqual(['OWNER', 'VIEWER']);
  });
});

describe('configuration at boot', () => {
  it('stops with the variable named', () => {
    expect(() => loadConfig({ PORT: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: 'http://nope' })).toThrow(/REDIS_URL: must be a URL starting with redis:\/\/ or rediss:\/\//);
  });
});
