// The event channel on both backends: what one side publishes reaches the other side's subscribers
// of that topic only, under the queue's prefix, until they unsubscribe. With Redis the two sides
// are separate connections, as a worker process and an API process are.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../test/wait';
import { MemoryEventChannel, RedisEventChannel, type EventChannel } from './events';
import { redisReachable, testQueueMode, TEST_REDIS_URL } from './testing';

const mode = testQueueMode();
const redisUp = await redisReachable();
if (!redisUp && mode === 'bullmq') throw new Error('Redis at 127.0.0.1:6379 is not reachable: the Redis event channel tests need it (CI). Start Redis.');
const kinds = (redisUp && mode !== 'memory' ? ['redis', 'memory'] : ['memory']) as Array<'redis' | 'memory'>;

function pair(kind: 'redis' | 'memory', prefix = `mtest-ev-${randomBytes(3).toString('hex')}`): [EventChannel, EventChannel] {
  if (kind === 'memory') {
    const c = new MemoryEventChannel();
    return [c, c];
  }
  return [new RedisEventChannel(TEST_REDIS_URL, prefix), new RedisEventChannel(TEST_REDIS_URL, prefix)];
}

describe.each(kinds)('event channel on %s', (kind) => {
  it('delivers to subscribers of the topic, in order, until they unsubscribe', async () => {
    const [publisher, listener] = pair(kind);
    try {
      const a: unknown[] = [];
      const b: unknown[] = [];
      const offA = await listener.subscribe('run:a', (m) => a.push(m));
      const offB = await listener.subscribe('run:b', (m) => b.push(m));
      for (let i = 0; i < 20; i++) await publisher.publish('run:a', { i });
      await publisher.publish('run:b', { hello: 'b' });
      await waitFor(() => a.length === 20 && b.length === 1, '21 messages');
      expect(a).toEqual(Array.from({ length: 20 }, (_, i) => ({ i })));
      expect(b).toEqual([{ hello: 'b' }]);
      await offA();
      await publisher.publish('run:a', { late: true });
      await publisher.publish('run:b', { hello: 'again' });
      await waitFor(() => b.length === 2, 'second b message');
      await sleep(50);
      expect(a).toHaveLength(20);
      await offB();
    } finally {
      await publisher.close();
      await listener.close();
    }
  });

  it('a throwing listener does not stop the others or the publisher', async () => {
    const [publisher, listener] = pair(kind);
    try {
      const got: unknown[] = [];
      await listener.subscribe('t', () => {
        throw new Error('listener bug');
      });
      await listener.subscribe('t', (m) => got.push(m));
      await publisher.publish('t', 1);
      await waitFor(() => got.length === 1, 'delivery');
    } finally {
      await publisher.close();
      await listener.close();
    }
  });
});

describe.runIf(kinds.includes('redis'))('Redis event channel', () => {
  it('keeps queues with different prefixes apart', async () => {
    const one = new RedisEventChannel(TEST_REDIS_URL, `mtest-ev-${randomBytes(3).toString('hex')}`);
    const other = new RedisEventChannel(TEST_REDIS_URL, `mtest-ev-${randomBytes(3).toString('hex')}`);
    try {
      const heard: unknown[] = [];
      const mine: unknown[] = [];
      await other.subscribe('run:x', (m) => heard.push(m));
      await one.subscribe('run:x', (m) => mine.push(m));
      await one.publish('run:x', { n: 1 });
      await waitFor(() => mine.length === 1, 'own prefix delivery');
      await sleep(100);
      expect(heard).toEqual([]);
    } finally {
      await one.close();
      await other.close();
    }
  });

  it('a publish while Redis is unreachable rejects quickly instead of hanging the publisher', async () => {
    const ch = new RedisEventChannel('redis://127.0.0.1:1', 'nowhere');
    try {
      // One reconnect attempt, not an unbounded offline queue: an endless wait would hit the test timeout.
      await expect(ch.publish('t', 1)).rejects.toThrow();
    } finally {
      await ch.close();
    }
  });
});
