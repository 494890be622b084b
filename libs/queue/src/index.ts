export * from './types';
export { createQueue, type CreateQueueOptions } from './create-queue';
export { createRunner } from './runner';
export { MemoryQueue } from './memory-queue';
export { MemoryEventChannel, RedisEventChannel, type EventChannel } from './events';
export { describeRedisUrl } from './bullmq-queue';
export { ShutdownAbort } from './backend';
export { parsePayload, isJobName, backoffDelay, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF } from './validate';
export { createTestQueue, redisReachable, requireRedis, testQueueMode, TEST_REDIS_URL, type TestQueue } from './testing';
