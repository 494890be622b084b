import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded mode with jobs in process and the demo seeded', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(4000);
    expect(c.WEB_ORIGIN).toEqual(['http://localhost:3000']);
    expect(c.embeddedDb).toBe(true);
    expect(c.jobsInProcess).toBe(true);
    expect(c.seedDemo).toBe(true);
    expect(c.COOKIE_SECURE).toBeUndefined();
  });

  it('runs jobs in separate workers when both servers are configured', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/x', REDIS_URL: 'redis://r:6379' });
    expect(c.jobsInProcess).toBe(false);
    expect(c.seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/x', REDIS_URL: 'redis://r:6379', JOBS_IN_PROCESS: 'true' }).jobsInProcess).toBe(true);
  });

  it('names every bad variable and what it expects', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', WEB_ORIGIN: 'not a url', COOKIE_SECURE: 'maybe' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const vars = (err as ConfigError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['COOKIE_SECURE', 'DATABASE_URL', 'PORT', 'WEB_ORIGIN']);
    expect((err as ConfigError).message).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).embeddedDb).toBe(true);
  });

  it('ignores variables it does not own', () => {
    expect(() => loadConfig({ SOMETHING_ELSE: 'x' })).not.toThrow();
  });
});
