// Walks the served OpenAPI document: every operation not marked x-public must answer 401
// UNAUTHENTICATED with the standard error body when called without credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

type Operation = { 'x-public'?: boolean; requestBody?: unknown; security?: unknown[] };
type Doc = { paths: Record<string, Record<string, Operation>> };

let h: Harness;
let doc: Doc;
beforeAll(async () => {
  h = await startHarness();
  const res = await h.request({ url: '/api/docs/json' });
  expect(res.status).toBe(200);
  doc = res.json<Doc>();
});
afterAll(async () => h?.close());

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(): { method: (typeof METHODS)[number]; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
  );
}

describe('OpenAPI document', () => {
  it('is served with the Swagger UI next to it', async () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    const ui = await h.request({ url: '/api/docs' });
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('documents request bodies from the Zod schemas', () => {
    const create = doc.paths['/api/orgs/{orgId}/projects'].post as { requestBody: { content: { 'application/json': { schema: { properties: Record<string, unknown>; required: string[] } } } } };
    const schema = create.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(['businessModel', 'description', 'goal', 'name', 'stage', 'startupMode']);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'startupMode', 'businessModel']));
  });

  it('documents success responses from the view schemas', () => {
    type Resp = { responses: Record<string, { content?: { 'application/json'?: { schema?: { properties?: Record<string, unknown> } } } }> };
    const list = doc.paths['/api/orgs/{orgId}/projects'].get as unknown as Resp;
    const props = list.responses['200'].content!['application/json']!.schema!.properties!;
    expect(Object.keys(props).sort()).toEqual(['items', 'nextCursor']);
    const key = doc.paths['/api/orgs/{orgId}/api-keys'].post as unknown as Resp;
    expect(Object.keys(key.responses['201'].content!['application/json']!.schema!.properties!)).toContain('key');
  });

  it('marks exactly the intended operations public', () => {
    const pub = operations()
      .filter((o) => o.op['x-public'])
      .map((o) => `${o.method.toUpperCase()} ${o.path}`)
      .sort();
    expect(pub).toEqual(['GET /api/health/live', 'GET /api/health/ready', 'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/signup', 'GET /api/public/feedback/widget.js', 'POST /api/public/feedback'].sort());
    for (const o of operations()) {
      expect(o.op.security, `${o.method} ${o.path}`).toEqual(o.op['x-public'] ? [] : undefined);
      expect((o.op as { responses: Record<string, unknown> }).responses['4XX']).toBeTruthy();
    }
  });

  it('every non-public operation answers 401 UNAUTHENTICATED without credentials', async () => {
    const guarded = operations().filter((o) => !o.op['x-public']);
    expect(guarded.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const { method, path } of guarded) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => `${name}-01jxyzxyzxyzxyzxyzxyzxyzxy`);
      const res = await h.request({ method: method.toUpperCase() as 'GET', url, ...(method === 'get' || method === 'delete' ? {} : { body: {} }) });
      const body = res.json<{ error?: { code?: string; correlationId?: string } }>();
      if (res.status !== 401 || body?.error?.code !== 'UNAUTHENTICATED' || !body.error.correlationId) {
        failures.push(`${method.toUpperCase()} ${path} -> ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('also refuses an invalid session cookie and an invalid or revoked-looking API key', async () => {
    const cookie = await h.request({ url: '/api/me', cookie: 'meridian_session=forged' });
    expect(cookie.status).toBe(401);
    const key = await h.request({ url: '/api/me', apiKey: `mrd_abcdefabcdef_${'x'.repeat(43)}` });
    expect(key.status).toBe(401);
    const basic = await h.request({ url: '/api/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
  });
});
