// Broadcast of small live messages (run metrics and status) to whoever listens right now, in every
// process attached to the same queue: Redis pub/sub under the queue's key prefix for BullMQ, an
// in-process emitter for the memory queue. Delivery is best effort by design: nothing is stored,
// a listener that connects later or misses a message while Redis is down reads the database
// instead (the SSE endpoint polls it), so nothing here may be the only copy of anything.
import { EventEmitter } from 'node:events';
import IORedis, { type Redis } from 'ioredis';

export interface EventChannel {
  /** Sends to every current subscriber of `topic`; resolves once handed over, rejects when the backend is down. */
  publish(topic: string, message: unknown): Promise<void>;
  /** Calls `fn` for each message on `topic` from now on; the returned function stops it. */
  subscribe(topic: string, fn: (message: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class MemoryEventChannel implements EventChannel {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open SSE connection on a run; many dashboards may watch.
    this.emitter.setMaxListeners(0);
  }

  async publish(topic: string, message: unknown): Promise<void> {
    this.emitter.emit(topic, message);
  }

  async subscribe(topic: string, fn: (message: unknown) => void): Promise<() => Promise<void>> {
    // A throwing listener must not break the publisher (the training job).
    const safe = (m: unknown) => {
      try {
        fn(m);
      } catch {
        // listener's own problem
      }
    };
    this.emitter.on(topic, safe);
    return async () => void this.emitter.off(topic, safe);
  }

  listenerCount(topic: string): number {
    return this.emitter.listenerCount(topic);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub. Two lazily opened connections: one publishes (a command connection that gives up
 * on a message after one reconnect attempt, so a Redis outage never piles messages up), one
 * subscribes (a subscribed connection can send nothing else; ioredis subscribes again to every
 * channel after a reconnect). One Redis subscription per topic however many local listeners.
 */
export class RedisEventChannel implements EventChannel {
  private pub?: Redis;
  private sub?: Redis;
  private readonly listeners = new Map<string, Set<(m: unknown) => void>>();
  private closed = false;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
  ) {}

  private channelOf(topic: string): string {
    return `${this.prefix}:events:${topic}`;
  }

  async publish(topic: string, message: unknown): Promise<void> {
    if (this.closed) return;
    if (!this.pub) {
      this.pub = new IORedis(this.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
      this.pub.on('error', () => undefined); // a failed publish rejects; the connection keeps retrying
    }
    await this.pub.publish(this.channelOf(topic), JSON.stringify(message));
  }

  async subscribe(topic: string, fn: (message: unknown) => void): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('This event channel is closed.');
    const sub = this.subscriber();
    const channel = this.channelOf(topic);
    // Registered before the SUBSCRIBE round trip, so an unsubscribe of another listener meanwhile
    // does not drop the channel under this one.
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(fn);
    if (first) {
      try {
        await sub.subscribe(channel);
      } catch (err) {
        set.delete(fn);
        if (!set.size) this.listeners.delete(channel);
        throw err;
      }
    }
    return async () => {
      const s = this.listeners.get(channel);
      if (!s?.delete(fn) || s.size) return;
      this.listeners.delete(channel);
      if (!this.closed) await sub.unsubscribe(channel).catch(() => undefined);
    };
  }

  private subscriber(): Redis {
    if (this.sub) return this.sub;
    // No per-command retry limit: a SUBSCRIBE sent while Redis restarts waits for the reconnect.
    const sub = new IORedis(this.redisUrl, { maxRetriesPerRequest: null, connectTimeout: 5_000 });
    sub.on('error', () => undefined);
    sub.on('message', (channel: string, raw: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      let msg: unknown;
      try {
        msg = JSON.parse(raw);
      } catch {
        return; // not ours
      }
      for (const fn of set) {
        try {
          fn(msg);
        } catch {
          // listener's own problem
        }
      }
    });
    this.sub = sub;
    return sub;
  }

  /** Topics with at least one local listener (diagnostics, tests). */
  topics(): string[] {
    return [...this.listeners.keys()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    for (const c of [this.pub, this.sub]) await c?.quit().catch(() => c.disconnect());
  }
}
