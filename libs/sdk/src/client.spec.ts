import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobView, ProjectView } from '@meridian/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createClient } from './index';

// A small in-memory imitation of the API's HTTP contract, served over real HTTP so the client's
// URL building, headers, bodies, status handling and error parsing are all exercised for real.
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let jobPolls = 0;

const projects: ProjectView[] = Array.from({ length: 5 }, (_, i) => ({
  id: `p${i + 1}`,
  organizationId: 'org1',
  name: `Project ${i + 1}`,
  description: '',
  stage: 'PLANNING',
  startupMode: 'RND',
  businessModel: 'SAAS',
  goal: { statement: '', metric: null, threshold: null, deadline: null },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}));

function job(status: JobView['status'], progress: number): JobView {
  return {
    id: 'job1',
    name: 'project.export',
    status,
    progress,
    result: status === 'SUCCEEDED' ? { url: '/exports/p1.json' } : null,
    error: null,
    attempts: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
  };
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

function error(res: ServerResponse, status: number, code: string, message: string, issues?: unknown[]) {
  send(res, status, { error: { code, message, correlationId: 'corr-123', issues } });
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const body = raw ? JSON.parse(raw) : undefined;
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ method: req.method ?? '', url: url.pathname + url.search, headers: req.headers, body });
  const route = `${req.method} ${url.pathname}`;

  if (route === 'POST /api/auth/signup') {
    if (typeof body?.email !== 'string' || !body.email.includes('@')) {
      return error(res, 400, 'VALIDATION_FAILED', 'The request body is invalid', [
        { path: 'email', message: 'must be an email address', expected: 'email' },
        { path: 'email', message: 'second message is ignored by fieldErrors' },
        { path: 'goal.threshold', message: 'metric and threshold go together' },
      ]);
    }
    return send(res, 201, { user: { id: 'u1', email: body.email, name: body.name }, memberships: [] }, {
      'set-cookie': 'meridian_session=abc; HttpOnly; Path=/; SameSite=Lax',
    });
  }
  if (route === 'POST /api/auth/login') return error(res, 429, 'RATE_LIMITED', 'Too many attempts, try again in 60 s');
  if (route === 'POST /api/auth/logout') return send(res, 204);
  if (route === 'GET /api/me') {
    if (req.headers.cookie !== 'meridian_session=abc' && req.headers.authorization !== 'Bearer mk_test') {
      return error(res, 401, 'UNAUTHENTICATED', 'Sign in first');
    }
    return send(res, 200, { user: { id: 'u1', email: 'a@b.co', name: 'A' }, memberships: [] });
  }
  if (route === 'GET /api/orgs/org1/projects') {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const start = url.searchParams.has('cursor') ? projects.findIndex((p) => p.id === url.searchParams.get('cursor')) + 1 : 0;
    const items = projects.slice(start, start + limit);
    const last = items[items.length - 1];
    return send(res, 200, { items, nextCursor: start + limit < projects.length ? last.id : null });
  }
  if (route === 'POST /api/orgs/org1/projects') return send(res, 201, { ...projects[0], ...body, id: 'new' });
  if (route === 'PATCH /api/orgs/org1/projects/p%201') return send(res, 200, { ...projects[0], ...body, id: 'p 1' });
  if (route === 'GET /api/orgs/org2/projects/p1') return error(res, 404, 'NOT_FOUND', 'No such project');
  if (route === 'DELETE /api/orgs/org1/projects/p1') return send(res, 204);
  if (route === 'POST /api/orgs/org1/projects/p1/exports') {
    if (req.headers['idempotency-key'] === 'same') return send(res, 202, { ...job('SUCCEEDED', 100), id: 'earlier' });
    jobPolls = 0;
    return send(res, 202, job('QUEUED', 0));
  }
  if (route === 'GET /api/orgs/org1/jobs/job1') {
    jobPolls += 1;
    return send(res, 200, jobPolls < 3 ? job(jobPolls === 1 ? 'QUEUED' : 'RUNNING', jobPolls * 40) : job('SUCCEEDED', 100));
  }
  if (route === 'GET /api/orgs/org1/jobs/stuck') return send(res, 200, { ...job('RUNNING', 10), id: 'stuck' });
  if (route === 'POST /api/orgs/org1/api-keys') {
    return send(res, 201, { id: 'k1', name: body.name, prefix: 'mk_ab', role: body.role, createdAt: 'x', lastUsedAt: null, revokedAt: null, key: 'mk_secret' });
  }
  if (route === 'DELETE /api/orgs/org1/api-keys/k1') return send(res, 204);
  if (route === 'GET /api/orgs/org1/members') return send(res, 200, [{ userId: 'u1', email: 'a@b.co', name: 'A', role: 'OWNER', createdAt: 'x' }]);
  if (route === 'GET /api/orgs/org1/audit-logs') return send(res, 200, { items: [], nextCursor: null });
  if (route === 'GET /api/html') {
    res.writeHead(502, { 'content-type': 'text/html', 'x-correlation-id': 'from-header' });
    return res.end('<html>Bad gateway</html>');
  }
  return error(res, 404, 'ROUTE_NOT_FOUND', `No route ${route}`);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((err) => error(res, 500, 'INTERNAL', String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

describe('createClient', () => {
  it('sends JSON bodies and returns the parsed view', async () => {
    const client = createClient({ baseUrl });
    const me = await client.auth.signUp({ email: 'a@b.co', password: 'long-enough-pw', name: 'Ada', organizationName: 'Acme' });
    expect(me.user).toEqual({ id: 'u1', email: 'a@b.co', name: 'Ada' });
    expect(seen[0].method).toBe('POST');
    expect(seen[0].url).toBe('/api/auth/signup');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[0].body).toMatchObject({ email: 'a@b.co', organizationName: 'Acme' });
  });

  it('turns an error body into an ApiError with code, status, correlation id and field issues', async () => {
    const client = createClient({ baseUrl });
    const err = await client.auth
      .signUp({ email: 'nope', password: 'x', name: 'A', organizationName: 'Acme' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiErr = err as ApiError;
    expect(apiErr.status).toBe(400);
    expect(apiErr.code).toBe('VALIDATION_FAILED');
    expect(apiErr.correlationId).toBe('corr-123');
    expect(apiErr.issues).toHaveLength(3);
    expect(apiErr.fieldErrors()).toEqual({ email: 'must be an email address', 'goal.threshold': 'metric and threshold go together' });
  });

  it('reports rate limiting and not-found with their codes', async () => {
    const client = createClient({ baseUrl });
    await expect(client.auth.login({ email: 'a@b.co', password: 'x' })).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    await expect(client.projects.get('org2', 'p1')).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'No such project' });
  });

  it('survives a non-JSON error page from a proxy', async () => {
    const client = createClient({ baseUrl });
    const err = (await client.projects.get('x', 'y').catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('ROUTE_NOT_FOUND');
    const html = (await createClient({ baseUrl: baseUrl + 'api/html#' }).me().catch((e: unknown) => e)) as ApiError;
    expect(html).toBeInstanceOf(ApiError);
    expect(html.status).toBe(502);
    expect(html.code).toBe('INTERNAL');
    expect(html.correlationId).toBe('from-header');
  });

  it('reports an unreachable API as NETWORK_ERROR naming the URL', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = (await createClient({ baseUrl: `http://127.0.0.1:${port}` }).me().catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.status).toBe(0);
    expect(err.message).toContain(`127.0.0.1:${port}/api/me`);
  });

  it('forwards extra headers (a server component forwarding the cookie) and the API key', async () => {
    await expect(createClient({ baseUrl }).me()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const viaCookie = await createClient({ baseUrl, headers: { cookie: 'meridian_session=abc' } }).me();
    expect(viaCookie.user.id).toBe('u1');
    const viaKey = await createClient({ baseUrl, apiKey: 'mk_test' }).me();
    expect(viaKey.user.id).toBe('u1');
    expect(seen[2].headers.authorization).toBe('Bearer mk_test');
  });

  it('treats 204 as no content', async () => {
    const client = createClient({ baseUrl });
    await expect(client.auth.logout()).resolves.toBeUndefined();
    await expect(client.projects.delete('org1', 'p1')).resolves.toBeUndefined();
    await expect(client.apiKeys.revoke('org1', 'k1')).resolves.toBeUndefined();
  });

  it('pages through projects with the cursor', async () => {
    const client = createClient({ baseUrl });
    const first = await client.projects.list('org1', { limit: 2 });
    expect(first.items.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(first.nextCursor).toBe('p2');
    seen = [];
    const all = await client.projects.listAll('org1', 2);
    expect(all.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(seen.map((s) => s.url)).toEqual([
      '/api/orgs/org1/projects?limit=2',
      '/api/orgs/org1/projects?limit=2&cursor=p2',
      '/api/orgs/org1/projects?limit=2&cursor=p4',
    ]);
  });

  it('encodes path segments and sends PATCH bodies', async () => {
    const client = createClient({ baseUrl });
    const updated = await client.projects.update('org1', 'p 1', { stage: 'TRAINING' });
    expect(updated.stage).toBe('TRAINING');
    expect(seen[0].url).toBe('/api/orgs/org1/projects/p%201');
    expect(seen[0].body).toEqual({ stage: 'TRAINING' });
  });

  it('queues an export and waits for the job, reporting each state', async () => {
    const client = createClient({ baseUrl });
    const queued = await client.exports.start('org1', 'p1');
    expect(queued.status).toBe('QUEUED');
    const states: string[] = [];
    const done = await client.waitForJob('org1', queued.id, { intervalMs: 5, onUpdate: (j) => states.push(`${j.status}:${j.progress}`) });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toEqual({ url: '/exports/p1.json' });
    expect(states).toEqual(['QUEUED:40', 'RUNNING:80', 'SUCCEEDED:100']);
    const again = await client.exports.start('org1', 'p1', { idempotencyKey: 'same' });
    expect(again.id).toBe('earlier');
    expect(seen[seen.length - 1].headers['idempotency-key']).toBe('same');
  });

  it('gives up waiting on a job that never finishes, and honours abort', async () => {
    const client = createClient({ baseUrl });
    await expect(client.jobs.waitForJob('org1', 'stuck', { intervalMs: 5, timeoutMs: 30 })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    const controller = new AbortController();
    const pending = client.jobs.waitForJob('org1', 'stuck', { intervalMs: 50, signal: controller.signal });
    controller.abort(new Error('user left the page'));
    await expect(pending).rejects.toThrow('user left the page');
  });

  it('returns a created API key with its secret, and lists members and audit logs', async () => {
    const client = createClient({ baseUrl });
    const key = await client.apiKeys.create('org1', { name: 'CI', role: 'MEMBER' });
    expect(key.key).toBe('mk_secret');
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ name: 'CI', role: 'MEMBER' });
    expect((await client.members.list('org1'))[0].role).toBe('OWNER');
    expect(await client.auditLogs.list('org1', { limit: 10, action: 'auth.login' })).toEqual({ items: [], nextCursor: null });
    expect(seen[seen.length - 1].url).toBe('/api/orgs/org1/audit-logs?limit=10&action=auth.login');
  });
});
