import { BullQueue } from './bullmq-queue';
import { MemoryQueue } from './memory-queue';
import type { JobQueue } from './types';

export interface CreateQueueOptions {
  /** REDIS_URL: BullMQ on Redis. Absent: the in-process queue. */
  redisUrl?: string;
  /** Redis key prefix (default "meridian"); tests use a unique one per run. */
  prefix?: string;
  /** Default "jobs". */
  queueName?: string;
}

export function createQueue(opts: CreateQueueOptions = {}): JobQueue {
  if (opts.redisUrl) {
    return new BullQueue({ redisUrl: opts.redisUrl, prefix: opts.prefix ?? 'meridian', queueName: opts.queueName ?? 'jobs' });
  }
  return new MemoryQueue();
}
