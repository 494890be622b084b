import { describe, expect, it } from 'vitest';
import type { RunLogPage } from '@meridian/domain';
import { runsClient, type RunsRequester } from './runs';

const line = (seq: number) => ({ seq, time: '2026-01-01T00:00:00.000Z', level: 'INFO' as const, attempt: 1, message: `line ${seq}` });

describe('runs client: logs', () => {
  it('builds the logs and events paths with encoded ids and only the parameters given', async () => {
    const calls: string[] = [];
    const request = (async (method: string, path: string) => {
      calls.push(`${method} ${path}`);
      return { runId: 'r', lines: [], nextAfter: null };
    }) as RunsRequester;
    const client = runsClient(request);
    await client.logs('o/1', 'r 1');
    await client.logs('o1', 'r1', { after: 7, limit: 50 });
    expect(calls).toEqual(['GET /api/orgs/o%2F1/runs/r%201/logs', 'GET /api/orgs/o1/runs/r1/logs?after=7&limit=50']);
    expect(client.eventsPath('o1', 'r1')).toBe('/api/orgs/o1/runs/r1/events');
    expect(client.eventsPath('o1', 'r1', { logsAfter: 12 })).toBe('/api/orgs/o1/runs/r1/events?logsAfter=12');
  });

  it('allLogs follows nextAfter until the last page', async () => {
    const pages: Record<string, RunLogPage> = {
      '0': { runId: 'r1', lines: [line(1), line(2)], nextAfter: 2 },
      '2': { runId: 'r1', lines: [line(3)], nextAfter: null },
    };
    const seen: string[] = [];
    const request = (async (_m: string, path: string) => {
      const after = new URL(path, 'http://x').searchParams.get('after') ?? '0';
      seen.push(after);
      return pages[after];
    }) as RunsRequester;
    const lines = await runsClient(request).allLogs('o1', 'r1');
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(seen).toEqual(['0', '2']);
  });
});
