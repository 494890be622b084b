// The retraining-triggers client over real HTTP against a small imitation of the API: paths, query
// strings, bodies, and a 422 whose issues name config.<field>.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createClient } from './index';

let server: Server;
let baseUrl: string;
let seen: Array<{ method: string; url: string; body: unknown }> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    seen.push({ method: req.method ?? '', url: req.url ?? '', body });
    const json = (status: number, b: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(b));
    };
    if (req.method === 'POST' && req.url === '/api/orgs/o%201/retraining/triggers') {
      if (body.config?.direction !== 'BELOW') {
        return json(422, { error: { code: 'UNPROCESSABLE', message: "The METRIC_THRESHOLD trigger's config does not fit: config.direction: Invalid option", correlationId: 'c1', issues: [{ path: 'config.direction', message: 'Invalid option' }] } });
      }
      return json(201, { id: 't1', kind: body.kind, name: body.name });
    }
    if (req.method === 'DELETE') {
      res.writeHead(204);
      return res.end();
    }
    return json(200, { ok: true });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
});

describe('retrainingTriggers client', () => {
  it('builds the paths and bodies of every call', async () => {
    const t = createClient({ baseUrl }).retrainingTriggers;
    await t.list('o 1', { projectId: 'p1', kind: 'DRIFT' });
    await t.get('o 1', 't/1');
    await t.setEnabled('o 1', 't1', false);
    await t.update('o 1', 't1', { cooldownMinutes: 30 });
    await t.checks('o 1', 't1', 20);
    await t.evaluate('o 1', 't1');
    await t.remove('o 1', 't1');
    await t.reportMetrics('o 1', 'mv1', [{ metric: 'accuracy', value: 0.8 }]);
    await t.metricSeries('o 1', 'mv1', { metric: 'accuracy', points: 100 });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /api/orgs/o%201/retraining/triggers?projectId=p1&kind=DRIFT',
      'GET /api/orgs/o%201/retraining/triggers/t%2F1',
      'PATCH /api/orgs/o%201/retraining/triggers/t1',
      'PATCH /api/orgs/o%201/retraining/triggers/t1',
      'GET /api/orgs/o%201/retraining/triggers/t1/checks?limit=20',
      'POST /api/orgs/o%201/retraining/triggers/t1/evaluate',
      'DELETE /api/orgs/o%201/retraining/triggers/t1',
      'POST /api/orgs/o%201/models/mv1/production-metrics',
      'GET /api/orgs/o%201/models/mv1/production-metrics?metric=accuracy&points=100',
    ]);
    expect(seen[2].body).toEqual({ enabled: false });
    expect(seen[7].body).toEqual({ observations: [{ metric: 'accuracy', value: 0.8 }] });
  });

  it('surfaces a 422 with the field it names', async () => {
    const t = createClient({ baseUrl }).retrainingTriggers;
    const err = await t.create('o 1', { projectId: 'p1', name: 'floor', kind: 'METRIC_THRESHOLD', config: { metric: 'accuracy', direction: 'DOWN', threshold: 0.9 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(422);
    expect((err as ApiError).fieldErrors()).toEqual({ 'config.direction': 'Invalid option' });
    await expect(t.create('o 1', { projectId: 'p1', name: 'floor', kind: 'METRIC_THRESHOLD', config: { metric: 'accuracy', direction: 'BELOW', threshold: 0.9 } })).resolves.toMatchObject({ id: 't1' });
  });
});
