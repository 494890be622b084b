import { describe, expect, it } from 'vitest';
import { checkHealth } from './healthcheck';

describe('worker health check', () => {
  it('reports bad configuration', async () => {
    expect(await checkHealth({})).toEqual([expect.stringMatching(/DATABASE_URL is required/)]);
  });

  it('names each unreachable service, without passwords', async () => {
    const problems = await checkHealth({ DATABASE_URL: 'postgresql://u:pw-secret@127.0.0.1:1/x', REDIS_URL: 'redis://:pw-secret@127.0.0.1:2' });
    expect(problems).toEqual([expect.stringMatching(/PostgreSQL at 127\.0\.0\.1:1\/x/), expect.stringMatching(/Redis at 127\.0\.0\.1:2/)]);
    expect(problems.join(' ')).not.toMatch(/pw-secret/);
  });
});
