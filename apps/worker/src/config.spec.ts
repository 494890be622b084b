import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const ok = { DATABASE_URL: 'postgresql://app:s3cret-pw@db:5432/meridian', REDIS_URL: 'redis://:r3dis-pw@cache:6379' };

describe('worker config', () => {
  it('applies defaults', () => {
    expect(loadConfig(ok)).toMatchObject({ WORKER_CONCURRENCY: 2, WORKER_SHUTDOWN_TIMEOUT_MS: 25_000, QUEUE_PREFIX: 'meridian', MIGRATE_ON_START: false, LOG_LEVEL: 'info' });
  });

  it('names every missing or bad variable', () => {
    const err = (() => {
      try {
        loadConfig({ WORKER_CONCURRENCY: '0', REDIS_URL: 'http://cache:6379', MIGRATE_ON_START: 'maybe' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems).toEqual([
      expect.stringMatching(/^DATABASE_URL is required/),
      expect.stringMatching(/^REDIS_URL must be a URL starting with redis:\/\/ or rediss:\/\//),
      expect.stringMatching(/^WORKER_CONCURRENCY /),
      expect.stringMatching(/^MIGRATE_ON_START must be true or false/),
    ]);
  });

  it('never echoes values, which may hold passwords', () => {
    const bad = { ...ok, DATABASE_URL: 'mysql://app:s3cret-pw@db/meridian', WORKER_CONCURRENCY: 'lots' };
    expect(() => loadConfig(bad)).toThrow(/DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//);
    expect(() => loadConfig(bad)).not.toThrow(/s3cret|lots/);
  });

  it('treats empty strings as unset', () => {
    expect(() => loadConfig({ ...ok, REDIS_URL: '' })).toThrow(/REDIS_URL is required/);
  });
});
