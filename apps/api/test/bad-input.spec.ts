// Bad input answers with a code, a correlation id and (for validation) every field path and what
// was expected; never a stack trace or SQL; and a failed request leaves no rows behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, signUp, startHarness, type Harness, type Res, type TestUser } from './harness';

let h: Harness;
let u: TestUser;
beforeAll(async () => {
  h = await startHarness({ BODY_LIMIT_BYTES: '4096' });
  u = await signUp(h);
});
afterAll(async () => h?.close());

type Err = { error: { code: string; message: string; correlationId: string; issues?: { path: string; message: string; expected?: string }[] } };

function expectError(res: Res, status: number, code: string): Err['error'] {
  expect(res.status, res.text).toBe(status);
  const body = res.json<Err>();
  expect(body.error.code).toBe(code);
  expect(body.error.correlationId).toMatch(/^[\w.:-]{8,}$/);
  expect(res.headers['x-request-id']).toBe(body.error.correlationId);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.text).not.toMatch(/\n\s+at |node_modules|prisma|SELECT |INSERT |stack/i);
  return body.error;
}

describe('validation', () => {
  it('answers 400 with every field path and what was expected', async () => {
    const res = await h.request({
      method: 'POST',
      url: `/api/orgs/${u.orgId}/projects`,
      cookie: u.cookie,
      body: { name: 'x', stage: 'LAUNCHED', startupMode: 'RND', businessModel: 42, goal: { metric: 'auc', threshold: null, deadline: '31/05/2027' } },
    });
    const err = expectError(res, 400, 'VALIDATION_FAILED');
    const byPath = Object.fromEntries(err.issues!.map((i) => [i.path, i]));
    expect(Object.keys(byPath).sort()).toEqual(['businessModel', 'goal.deadline', 'goal.threshold', 'name', 'stage'].sort());
    expect(byPath.name.expected).toBe('at least 2 characters');
    expect(byPath.stage.expected).toContain('"PLANNING"');
    expect(byPath['goal.deadline'].message).toMatch(/2027-05-31/);
    expect(err.message).toMatch(/^Invalid input: /);
  });

  it('needs a body where one is expected', async () => {
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects`, cookie: u.cookie });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('rejects an empty PATCH and bad query parameters', async () => {
    const p = await createProject(h, { cookie: u.cookie }, u.orgId);
    const patch = await h.request({ method: 'PATCH', url: `/api/orgs/${u.orgId}/projects/${p.id}`, cookie: u.cookie, body: {} });
    expectError(patch, 400, 'VALIDATION_FAILED');
    const limit = await h.request({ url: `/api/orgs/${u.orgId}/projects?limit=5000`, cookie: u.cookie });
    expect(expectError(limit, 400, 'VALIDATION_FAILED').issues![0]).toMatchObject({ path: 'query.limit', expected: '<= 200' });
    const cursor = await h.request({ url: `/api/orgs/${u.orgId}/projects?cursor=garbage`, cookie: u.cookie });
    expect(expectError(cursor, 400, 'VALIDATION_FAILED').issues![0].path).toBe('cursor');
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects`, cookie: u.cookie, payload: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'BAD_REQUEST');
  });
});

describe('transport errors', () => {
  it('answers a JSON 404 for unknown routes', async () => {
    for (const url of ['/api/nothing-here', '/nothing', '/api/orgs/x/y/z/w']) {
      expectError(await h.request({ url, cookie: u.cookie }), 404, 'ROUTE_NOT_FOUND');
    }
    expectError(await h.request({ method: 'PUT', url: '/api/me', cookie: u.cookie, body: {} }), 404, 'ROUTE_NOT_FOUND');
  });

  it('answers 413 for a body over the configured limit', async () => {
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects`, cookie: u.cookie, body: { name: 'Big', description: 'x'.repeat(10_000), startupMode: 'RND', businessModel: 'SAAS' } });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 415 for bodies that are not JSON (no form or text/plain posts)', async () => {
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects`, cookie: u.cookie, payload: 'name=x', headers: { 'content-type': ct } });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers 404 for malformed ids instead of reaching the database', async () => {
    const res = await h.request({ url: `/api/orgs/${u.orgId}/projects/${encodeURIComponent("1' OR '1'='1")}`, cookie: u.cookie });
    expectError(res, 404, 'NOT_FOUND');
    const org = await h.request({ url: `/api/orgs/${encodeURIComponent('../../etc')}/projects`, cookie: u.cookie });
    expect([404]).toContain(org.status);
  });

  it('keeps a well-formed incoming x-request-id as the correlation id, and replaces a bad one', async () => {
    const good = await h.request({ url: '/api/nope', headers: { 'x-request-id': 'trace-1234abcd' } });
    expect(good.json<Err>().error.correlationId).toBe('trace-1234abcd');
    const bad = await h.request({ url: '/api/nope', headers: { 'x-request-id': 'x\u0000<script>' } });
    expect(bad.json<Err>().error.correlationId).not.toContain('script');
  });
});

describe('no partial writes', () => {
  it('a duplicate project name answers 409 and leaves no extra rows or audit entries', async () => {
    const p = await createProject(h, { cookie: u.cookie }, u.orgId, { name: 'Unique name' });
    const before = { projects: await h.db.prisma.project.count(), audit: await h.db.prisma.auditLog.count() };
    const res = await h.request({ method: 'POST', url: `/api/orgs/${u.orgId}/projects`, cookie: u.cookie, body: { name: 'Unique name', startupMode: 'RND', businessModel: 'SAAS' } });
    expectError(res, 409, 'CONFLICT');
    expect({ projects: await h.db.prisma.project.count(), audit: await h.db.prisma.auditLog.count() }).toEqual(before);
    expect(p.name).toBe('Unique name');
  });

  it('a duplicate sign-up answers 409 and creates no user, organisation or session', async () => {
    const before = { users: await h.db.prisma.user.count(), orgs: await h.db.prisma.organization.count(), sessions: await h.db.prisma.session.count() };
    const res = await h.request({ method: 'POST', url: '/api/auth/signup', body: { email: u.email.toUpperCase(), password: 'another-password', name: 'Dup', organizationName: 'Dup Org' } });
    expectError(res, 409, 'CONFLICT');
    expect({ users: await h.db.prisma.user.count(), orgs: await h.db.prisma.organization.count(), sessions: await h.db.prisma.session.count() }).toEqual(before);
  });
});
