import { describe, expect, it } from 'vitest';
import { comparisonsClient, type ComparisonsRequester } from './models';

function fake(statuses: string[]) {
  const calls: Array<{ method: string; path: string; body?: unknown }> = [];
  let i = 0;
  const request = (async (method: string, path: string, body?: unknown) => {
    calls.push({ method, path, body });
    if (method === 'POST') return { id: 'c1', status: 'QUEUED' };
    return { id: 'c1', status: statuses[Math.min(i++, statuses.length - 1)] };
  }) as ComparisonsRequester;
  return { calls, client: comparisonsClient(request) };
}

describe('comparisons client', () => {
  it('builds the documented paths with encoded ids and only the filters given', async () => {
    const { calls, client } = fake(['SUCCEEDED']);
    await client.compare('o/1', 'm 1');
    await client.list('o1', { projectId: 'p1', runId: undefined, cursor: null, limit: 5 });
    await client.forModel('o1', 'm1', { limit: 2 });
    await client.get('o1', 'c1');
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/orgs/o%2F1/models/m%201/compare',
      'GET /api/orgs/o1/model-comparisons?projectId=p1&limit=5',
      'GET /api/orgs/o1/models/m1/comparisons?limit=2',
      'GET /api/orgs/o1/model-comparisons/c1',
    ]);
  });

  it('waitFor polls until the comparison has finished, and gives up after its timeout', async () => {
    const { calls, client } = fake(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    const done = await client.waitFor('o1', 'c1', { intervalMs: 1 });
    expect(done.status).toBe('SUCCEEDED');
    expect(calls).toHaveLength(3);
    const stuck = fake(['RUNNING']);
    await expect(stuck.client.waitFor('o1', 'c1', { intervalMs: 1, timeoutMs: 20 })).rejects.toThrow(/still RUNNING after 20 ms/);
  });
});
