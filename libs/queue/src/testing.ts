// Queues for tests: BullMQ on the Redis at 127.0.0.1:6379 under a unique key prefix (removed on
// close), or the in-process queue. Under CI the Redis one is required; elsewhere it falls back.
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import IORedis from 'ioredis';
import { createQueue } from './create-queue';
import type { JobQueue } from './types';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestQueue {
  queue: JobQueue;
  /** The Redis URL and prefix (bullmq) so another process can attach to the same queue. */
  redisUrl?: string;
  prefix?: string;
  /** Close the queue and delete its keys. */
  close(): Promise<void>;
}

export function redisReachable(url: string = TEST_REDIS_URL, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => (s.destroy(), resolve(ok));
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export function testQueueMode(): 'auto' | 'bullmq' | 'memory' {
  const env = process.env.MERIDIAN_TEST_QUEUE;
  if (env === 'auto' || env === 'bullmq' || env === 'memory') return env;
  if (env) throw new Error(`MERIDIAN_TEST_QUEUE="${env}" is not one of auto, bullmq, memory.`);
  return process.env.CI && process.env.CI !== 'false' ? 'bullmq' : 'auto';
}

/** Throws a message naming Redis when it is required but down. */
export async function requireRedis(url: string = TEST_REDIS_URL): Promise<void> {
  if (!(await redisReachable(url))) {
    throw new Error(`Redis at ${new URL(url).host} is not reachable, and this test needs it. Start it (redis-server --daemonize yes ...) or set MERIDIAN_TEST_QUEUE=memory.`);
  }
}

export async function createTestQueue(kind: 'auto' | 'bullmq' | 'memory' = testQueueMode()): Promise<TestQueue> {
  if (kind === 'memory') {
    const queue = createQueue({});
    return { queue, close: () => queue.close() };
  }
  if (!(await redisReachable())) {
    if (kind === 'bullmq') await requireRedis();
    console.warn(`[test-queue] Redis at ${new URL(TEST_REDIS_URL).host} is not reachable: using the in-process queue.`);
    const queue = createQueue({});
    return { queue, close: () => queue.close() };
  }
  const prefix = `mtest-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const queue = createQueue({ redisUrl: TEST_REDIS_URL, prefix });
  return {
    queue,
    redisUrl: TEST_REDIS_URL,
    prefix,
    async close() {
      await queue.close();
      const redis = new IORedis(TEST_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        await redis.quit();
      }
    },
  };
}
