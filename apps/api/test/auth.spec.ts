// Sign-up, login, sessions, API keys, members and the audit log, through the real HTTP stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../src/auth/auth.service';
import { AccessCache } from '../src/common/access-cache';
import { createApiKey, memberOf, signUp, startHarness, unique, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ RATE_LIMIT_AUTH_PER_MINUTE: '5' });
});
afterAll(async () => h?.close());

// Each test uses its own client address so the per-IP sign-in limit of 5 is only hit on purpose.
let ipSeq = 1;
const nextIp = () => `10.0.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`;

describe('sign-up and login', () => {
  it('sign-up creates user, organisation (slug de-duplicated) and OWNER membership, and sets an httpOnly SameSite cookie', async () => {
    const ip = nextIp();
    const email = `${unique('Mixed.Case')}@Example.TEST`;
    const res = await h.request({ method: 'POST', url: '/api/auth/signup', ip, body: { email, password: 'long-enough-pw', name: 'Ada', organizationName: 'Slug Test Co' } });
    expect(res.status, res.text).toBe(201);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^meridian_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const me = res.json<{ user: { email: string }; memberships: { role: string; organizationSlug: string }[] }>();
    expect(me.user.email).toBe(email.toLowerCase());
    expect(me.memberships).toEqual([expect.objectContaining({ role: 'OWNER', organizationSlug: 'slug-test-co' })]);
    const again = await h.request({ method: 'POST', url: '/api/auth/signup', ip, body: { email: `${unique('x')}@example.test`, password: 'long-enough-pw', name: 'Bo', organizationName: 'Slug Test Co' } });
    expect(again.json<{ memberships: { organizationSlug: string }[] }>().memberships[0].organizationSlug).toBe('slug-test-co-2');
    const stored = await h.db.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain('long-enough-pw');
  });

  it('login answers the same 401 for a wrong password and an unknown email', async () => {
    const u = await signUp(h);
    const wrong = await h.request({ method: 'POST', url: '/api/auth/login', ip: nextIp(), body: { email: u.email, password: 'not-the-password' } });
    const unknown = await h.request({ method: 'POST', url: '/api/auth/login', ip: nextIp(), body: { email: 'nobody@example.test', password: 'not-the-password' } });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect' });
      expect(r.cookie).toBeUndefined();
    }
    const ok = await h.request({ method: 'POST', url: '/api/auth/login', ip: nextIp(), body: { email: u.email.toUpperCase(), password: u.password } });
    expect(ok.status).toBe(200);
    expect(ok.cookie).toMatch(/^meridian_session=/);
    const me = await h.request({ url: '/api/me', cookie: ok.cookie });
    expect(me.json<{ user: { id: string } }>().user.id).toBe(u.userId);
  });

  it('logout deletes the session server-side', async () => {
    const u = await signUp(h);
    expect((await h.request({ url: '/api/me', cookie: u.cookie })).status).toBe(200);
    const out = await h.request({ method: 'POST', url: '/api/auth/logout', cookie: u.cookie });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/meridian_session=;/);
    expect((await h.request({ url: '/api/me', cookie: u.cookie })).status).toBe(401);
    expect(await h.db.prisma.session.count({ where: { userId: u.userId } })).toBe(0);
  });

  it('rate limits sign-in per IP with 429 and Retry-After', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await h.request({ method: 'POST', url: '/api/auth/login', ip, body: { email: `${unique('probe')}@example.test`, password: 'whatever-123' } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
    // Another address is unaffected, for another account.
    const other = await h.request({ method: 'POST', url: '/api/auth/login', ip: nextIp(), body: { email: 'somebody-else@example.test', password: 'whatever-123' } });
    expect(other.status).toBe(401);
  });

  it('also rate limits per account, so rotating addresses does not help', async () => {
    const target = `${unique('target')}@example.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await h.request({ method: 'POST', url: '/api/auth/login', ip: nextIp(), body: { email: i % 2 ? target.toUpperCase() : target, password: 'guess-123456' } });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('creates further organisations with the caller as OWNER', async () => {
    const u = await signUp(h);
    const res = await h.request({ method: 'POST', url: '/api/orgs', cookie: u.cookie, body: { name: 'Second Venture' } });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({ organizationName: 'Second Venture', role: 'OWNER' });
    const list = await h.request({ url: '/api/orgs', cookie: u.cookie });
    expect(list.json<unknown[]>()).toHaveLength(2);
  });
});

describe('API keys', () => {
  it('are shown once, stored hashed, scoped and revocable, with last-used time', async () => {
    const owner = await signUp(h);
    const created = await createApiKey(h, owner, 'MEMBER');
    expect(created.key).toMatch(/^mrd_[a-z0-9]{12}_[\w-]{43}$/);
    const row = await h.db.prisma.apiKey.findUnique({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.key.split('_')[2]);
    const list = await h.request({ url: `/api/orgs/${owner.orgId}/api-keys`, cookie: owner.cookie });
    expect(list.text).not.toContain(created.key);
    expect(list.json<{ id: string; lastUsedAt: string | null }[]>().find((k) => k.id === created.id)?.lastUsedAt).toBeNull();

    const use = await h.request({ url: `/api/orgs/${owner.orgId}/projects`, apiKey: created.key });
    expect(use.status).toBe(200);
    await expect.poll(async () => (await h.db.prisma.apiKey.findUnique({ where: { id: created.id } }))?.lastUsedAt, { timeout: 5000 }).not.toBeNull();

    const revoke = await h.request({ method: 'DELETE', url: `/api/orgs/${owner.orgId}/api-keys/${created.id}`, cookie: owner.cookie });
    expect(revoke.status).toBe(204);
    const after = await h.request({ url: `/api/orgs/${owner.orgId}/projects`, apiKey: created.key });
    expect(after.status).toBe(401);
  });

  it("cannot be created with a role above the creator's", async () => {
    const owner = await signUp(h);
    const admin = await memberOf(h, owner, 'ADMIN');
    const res = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/api-keys`, cookie: admin.cookie, body: { name: 'too strong', role: 'OWNER' } });
    expect(res.status).toBe(403);
    const ok = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/api-keys`, cookie: admin.cookie, body: { name: 'fine', role: 'ADMIN' } });
    expect(ok.status).toBe(201);
  });
});

describe('members', () => {
  it('adds existing users only, once, and explains an unknown email', async () => {
    const owner = await signUp(h);
    const unknown = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/members`, cookie: owner.cookie, body: { email: 'ghost@example.test', role: 'MEMBER' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json<{ error: { message: string } }>().error.message).toMatch(/ghost@example.test.*sign up first/);
    const m = await memberOf(h, owner, 'MEMBER');
    const dup = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/members`, cookie: owner.cookie, body: { email: m.email, role: 'VIEWER' } });
    expect(dup.status).toBe(409);
  });

  it('only an OWNER grants or removes OWNER, and the last OWNER stays', async () => {
    const owner = await signUp(h);
    const admin = await memberOf(h, owner, 'ADMIN');
    const member = await memberOf(h, owner, 'MEMBER');
    const base = `/api/orgs/${owner.orgId}/members`;
    expect((await h.request({ method: 'PATCH', url: `${base}/${member.userId}`, cookie: admin.cookie, body: { role: 'OWNER' } })).status).toBe(403);
    expect((await h.request({ method: 'PATCH', url: `${base}/${owner.userId}`, cookie: admin.cookie, body: { role: 'VIEWER' } })).status).toBe(403);
    expect((await h.request({ method: 'DELETE', url: `${base}/${owner.userId}`, cookie: admin.cookie })).status).toBe(403);
    const lastDemote = await h.request({ method: 'PATCH', url: `${base}/${owner.userId}`, cookie: owner.cookie, body: { role: 'ADMIN' } });
    expect(lastDemote.status).toBe(409);
    expect(lastDemote.json<{ error: { message: string } }>().error.message).toMatch(/last owner/);
    expect((await h.request({ method: 'DELETE', url: `${base}/${owner.userId}`, cookie: owner.cookie })).status).toBe(409);
    // With a second owner the first may step down.
    expect((await h.request({ method: 'PATCH', url: `${base}/${admin.userId}`, cookie: owner.cookie, body: { role: 'OWNER' } })).status).toBe(200);
    expect((await h.request({ method: 'PATCH', url: `${base}/${owner.userId}`, cookie: owner.cookie, body: { role: 'MEMBER' } })).status).toBe(200);
    const roles = (await h.request({ url: base, cookie: admin.cookie })).json<{ userId: string; role: string }[]>();
    expect(Object.fromEntries(roles.map((r) => [r.userId, r.role]))).toEqual({ [owner.userId]: 'MEMBER', [admin.userId]: 'OWNER', [member.userId]: 'MEMBER' });
  });

  it('a removed member loses access at once', async () => {
    const owner = await signUp(h);
    const m = await memberOf(h, owner, 'MEMBER');
    expect((await h.request({ url: `/api/orgs/${owner.orgId}/projects`, cookie: m.cookie })).status).toBe(200);
    expect((await h.request({ method: 'DELETE', url: `/api/orgs/${owner.orgId}/members/${m.userId}`, cookie: owner.cookie })).status).toBe(204);
    expect((await h.request({ url: `/api/orgs/${owner.orgId}/projects`, cookie: m.cookie })).status).toBe(404);
  });
});

describe('audit log', () => {
  it('records sign-ins, failed sign-ins, membership and key changes and deletions with actor, target, request id and ip', async () => {
    const owner = await signUp(h);
    const ip = nextIp();
    await h.request({ method: 'POST', url: '/api/auth/login', ip, body: { email: owner.email, password: 'wrong-password!' } });
    await h.request({ method: 'POST', url: '/api/auth/login', ip, body: { email: owner.email, password: owner.password }, headers: { 'x-request-id': 'audit-trace-0001' } });
    const m = await memberOf(h, owner, 'VIEWER');
    await h.request({ method: 'PATCH', url: `/api/orgs/${owner.orgId}/members/${m.userId}`, cookie: owner.cookie, body: { role: 'MEMBER' } });
    await h.request({ method: 'DELETE', url: `/api/orgs/${owner.orgId}/members/${m.userId}`, cookie: owner.cookie });
    const key = await createApiKey(h, owner, 'VIEWER');
    await h.request({ method: 'DELETE', url: `/api/orgs/${owner.orgId}/api-keys/${key.id}`, cookie: owner.cookie });
    const p = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects`, cookie: owner.cookie, body: { name: 'To delete', startupMode: 'RND', businessModel: 'SAAS' } });
    await h.request({ method: 'DELETE', url: `/api/orgs/${owner.orgId}/projects/${p.json<{ id: string }>().id}`, cookie: owner.cookie });

    const res = await h.request({ url: `/api/orgs/${owner.orgId}/audit-logs?limit=50`, cookie: owner.cookie });
    expect(res.status).toBe(200);
    const items = res.json<{ items: { action: string; actorUserId: string | null; targetId: string | null; ip: string | null; requestId: string | null; createdAt: string }[] }>().items;
    const actions = items.map((i) => i.action);
    for (const a of ['auth.signup', 'org.create', 'auth.login_failed', 'auth.login', 'member.add', 'member.role_change', 'member.remove', 'apikey.create', 'apikey.revoke', 'project.delete']) {
      expect(actions, a).toContain(a);
    }
    const login = items.find((i) => i.action === 'auth.login')!;
    expect(login).toMatchObject({ actorUserId: owner.userId, targetId: owner.userId, ip, requestId: 'audit-trace-0001' });
    expect(items.find((i) => i.action === 'member.remove')).toMatchObject({ actorUserId: owner.userId, targetId: m.userId });
    expect([...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((i) => i.createdAt)).toEqual(items.map((i) => i.createdAt));

    const filtered = await h.request({ url: `/api/orgs/${owner.orgId}/audit-logs?action=member.add`, cookie: owner.cookie });
    expect(filtered.json<{ items: { action: string }[] }>().items.map((i) => i.action)).toEqual(['member.add']);
    const bad = await h.request({ url: `/api/orgs/${owner.orgId}/audit-logs?action=drop.tables`, cookie: owner.cookie });
    expect(bad.status).toBe(400);
  });
});

describe('projects', () => {
  it('pages with a keyset cursor without gaps or repeats, newest first', async () => {
    const owner = await signUp(h);
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects`, cookie: owner.cookie, body: { name: `Paged ${i}`, startupMode: 'PLATFORM', businessModel: 'ADVERTISING' } });
      names.push(r.json<{ name: string }>().name);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/orgs/${owner.orgId}/projects?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.request({ url, cookie: owner.cookie })).json<{ items: { name: string }[]; nextCursor: string | null }>();
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...names].reverse());
  });

  it('pages correctly through rows created in the same millisecond', async () => {
    const owner = await signUp(h);
    const at = new Date('2026-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 5 }, (_, i) => `01tie0000000000000000000${i}`);
    await h.db.prisma.project.createMany({ data: ids.map((id, i) => ({ id, organizationId: owner.orgId, name: `Tie ${i}`, startupMode: 'RND', businessModel: 'SAAS', createdAt: at })) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/orgs/${owner.orgId}/projects?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.request({ url, cookie: owner.cookie })).json<{ items: { id: string }[]; nextCursor: string | null }>();
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('the list (JSON built by PostgreSQL) matches the single-project view field by field', async () => {
    const owner = await signUp(h);
    const bodies = [
      { name: 'Plain', startupMode: 'RND', businessModel: 'SAAS' },
      { name: 'Quotes "and" \\ back\\slash', description: 'Line 1\nLine 2\t\u0001 ünïcödé — 😀 </script>', startupMode: 'PLATFORM', businessModel: 'DATA_SERVICES', goal: { statement: 'Reach it', metric: 'auc', threshold: 0.95, deadline: '2027-02-28' } },
      { name: 'Numbers', startupMode: 'APPLICATION', businessModel: 'ADVERTISING', goal: { statement: '', metric: 'latency_ms', threshold: 123456789.125, deadline: null } },
      { name: 'Tiny', startupMode: 'APPLICATION', businessModel: 'PRODUCT_SALES', goal: { statement: 'x', metric: 'eps', threshold: 1e-7, deadline: '2030-12-31' } },
    ];
    for (const b of bodies) expect((await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects`, cookie: owner.cookie, body: b })).status).toBe(201);
    const list = await h.request({ url: `/api/orgs/${owner.orgId}/projects`, cookie: owner.cookie });
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    const items = list.json<{ items: { id: string }[] }>().items;
    expect(items).toHaveLength(bodies.length);
    for (const item of items) {
      const one = await h.request({ url: `/api/orgs/${owner.orgId}/projects/${item.id}`, cookie: owner.cookie });
      expect(item).toStrictEqual(one.json());
    }
  });

  it('round-trips a SMART goal and updates part of a project', async () => {
    const owner = await signUp(h);
    const goal = { statement: 'Reach 0.9 AUC on the hold-out by spring', metric: 'auc', threshold: 0.9, deadline: '2027-04-30' };
    const r = await h.request({ method: 'POST', url: `/api/orgs/${owner.orgId}/projects`, cookie: owner.cookie, body: { name: 'Goal', startupMode: 'RND', businessModel: 'SAAS', goal } });
    expect(r.json()).toMatchObject({ goal, stage: 'PLANNING', description: '' });
    const id = r.json<{ id: string }>().id;
    const u = await h.request({ method: 'PATCH', url: `/api/orgs/${owner.orgId}/projects/${id}`, cookie: owner.cookie, body: { stage: 'TRAINING', stageOverrideReason: 'no data yet: the owner moves it by hand' } });
    expect(u.json()).toMatchObject({ stage: 'TRAINING', goal, name: 'Goal' });
    const d = await h.request({ method: 'DELETE', url: `/api/orgs/${owner.orgId}/projects/${id}`, cookie: owner.cookie });
    expect(d.status).toBe(204);
    expect((await h.request({ url: `/api/orgs/${owner.orgId}/projects/${id}`, cookie: owner.cookie })).status).toBe(404);
  });
});

describe('sessions', () => {
  it('an expired session is refused and swept', async () => {
    const u = await signUp(h);
    await h.db.prisma.session.updateMany({ where: { userId: u.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    h.api.app.get(AccessCache).invalidate();
    expect((await h.request({ url: '/api/me', cookie: u.cookie })).status).toBe(401);
    expect(await h.api.app.get(AuthService).sweepSessions()).toBeGreaterThanOrEqual(1);
    expect(await h.db.prisma.session.count({ where: { userId: u.userId } })).toBe(0);
  });
});
