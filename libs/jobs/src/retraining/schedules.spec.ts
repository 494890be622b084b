import { describe, expect, it } from 'vitest';
import { scheduleQueueId, slotDedupeKey, slotFromJobId } from './schedules';

describe('schedule job ids', () => {
  it('reads the slot from the id both queues give scheduled jobs (repeat:<scheduler>:<ms>)', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 0, 0);
    expect(slotFromJobId(`repeat:${scheduleQueueId('abc')}:${ms}`, 'abc')?.toISOString()).toBe('2026-01-02T03:00:00.000Z');
  });

  it('refuses ids of other schedulers or jobs enqueued by hand', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 0, 0);
    expect(slotFromJobId(`repeat:${scheduleQueueId('other')}:${ms}`, 'abc')).toBeNull();
    expect(slotFromJobId('3f2a9c', 'abc')).toBeNull();
    expect(slotFromJobId(`repeat:${scheduleQueueId('abc')}:soon`, 'abc')).toBeNull();
  });

  it('queue ids avoid ":" (reserved by the queues) and dedupe keys name the slot', () => {
    expect(scheduleQueueId('abc')).not.toContain(':');
    expect(slotDedupeKey('abc', new Date('2026-01-02T03:00:00Z'))).toBe('schedule:abc:2026-01-02T03:00:00.000Z');
  });
});
