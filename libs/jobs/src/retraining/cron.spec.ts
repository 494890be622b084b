import { RETRAIN_CATCH_UP_MAX_RUNS } from '@meridian/domain';
import { describe, expect, it } from 'vitest';
import { checkCron, cronSlotsBetween, describeCron, nextCronRuns, planCatchUp, previousCronRun } from './cron';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const t = (s: string) => new Date(s);

describe('cron slots in a time zone', () => {
  it('next runs are strictly after the given time', () => {
    expect(nextCronRuns('0 3 * * *', 'UTC', t('2026-01-01T03:00:00Z'), 2).map(iso)).toEqual(['2026-01-02T03:00:00.000Z', '2026-01-03T03:00:00.000Z']);
  });

  it('reads the cron in the schedule time zone, across a daylight-saving change', () => {
    // Paris is UTC+1 in winter, UTC+2 from 29 March 2026 (clocks jump from 02:00 to 03:00).
    expect(nextCronRuns('0 3 * * *', 'Europe/Paris', t('2026-03-27T12:00:00Z'), 3).map(iso)).toEqual([
      '2026-03-28T02:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
    ]);
    expect(nextCronRuns('30 9 * * 1', 'America/New_York', t('2026-07-01T00:00:00Z'), 1).map(iso)).toEqual(['2026-07-06T13:30:00.000Z']);
  });

  it('the previous run includes a slot exactly at the given time', () => {
    expect(iso(previousCronRun('0 3 * * *', 'UTC', t('2026-01-01T03:00:00Z')))).toBe('2026-01-01T03:00:00.000Z');
    expect(iso(previousCronRun('0 3 * * *', 'UTC', t('2026-01-01T02:59:59Z')))).toBe('2025-12-31T03:00:00.000Z');
  });

  it('slots between two times: (after, until], keeps the most recent ones and counts all', () => {
    const r = cronSlotsBetween('0 * * * *', 'UTC', t('2026-01-01T00:00:00Z'), t('2026-01-01T05:00:00Z'), 3);
    expect(r.total).toBe(5);
    expect(r.capped).toBe(false);
    expect(r.slots.map(iso)).toEqual(['2026-01-01T03:00:00.000Z', '2026-01-01T04:00:00.000Z', '2026-01-01T05:00:00.000Z']);
    expect(cronSlotsBetween('0 * * * *', 'UTC', t('2026-01-01T05:00:00Z'), t('2026-01-01T05:00:00Z'), 3).total).toBe(0);
  });
});

describe('catch-up plan for missed slots', () => {
  const last = t('2026-01-01T00:00:00Z');
  const now = t('2026-01-01T10:30:00Z'); // hourly: 10 slots missed (01:00 .. 10:00)

  it('SKIP launches nothing and reports every missed slot as skipped', () => {
    const p = planCatchUp('0 * * * *', 'UTC', 'SKIP', last, now);
    expect(p.missed).toBe(10);
    expect(p.launch).toEqual([]);
    expect(p.skipped).toMatchObject({ count: 10, capped: false });
    expect(iso(p.skipped!.first)).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(p.skipped!.last)).toBe('2026-01-01T10:00:00.000Z');
  });

  it('RUN_ONCE launches only the most recent missed slot', () => {
    const p = planCatchUp('0 * * * *', 'UTC', 'RUN_ONCE', last, now);
    expect(p.launch.map(iso)).toEqual(['2026-01-01T10:00:00.000Z']);
    expect(p.skipped).toMatchObject({ count: 9 });
    expect(iso(p.skipped!.first)).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(p.skipped!.last)).toBe('2026-01-01T09:00:00.000Z');
  });

  it(`RUN_ALL launches the most recent ${RETRAIN_CATCH_UP_MAX_RUNS} missed slots, oldest first, and skips the rest`, () => {
    const p = planCatchUp('0 * * * *', 'UTC', 'RUN_ALL', last, now);
    expect(p.launch.map(iso)).toEqual(['06', '07', '08', '09', '10'].map((h) => `2026-01-01T${h}:00:00.000Z`));
    expect(p.skipped).toMatchObject({ count: 10 - RETRAIN_CATCH_UP_MAX_RUNS });
    expect(iso(p.skipped!.first)).toBe('2026-01-01T01:00:00.000Z');
    expect(iso(p.skipped!.last)).toBe('2026-01-01T05:00:00.000Z');
  });

  it('RUN_ALL under the cap launches every missed slot and skips none', () => {
    const p = planCatchUp('0 * * * *', 'UTC', 'RUN_ALL', last, t('2026-01-01T02:10:00Z'));
    expect(p.launch.map(iso)).toEqual(['2026-01-01T01:00:00.000Z', '2026-01-01T02:00:00.000Z']);
    expect(p.skipped).toBeNull();
  });

  it('nothing missed: nothing to do, whatever the policy', () => {
    for (const policy of ['SKIP', 'RUN_ONCE', 'RUN_ALL'] as const) {
      expect(planCatchUp('0 3 * * *', 'UTC', policy, t('2026-01-01T03:00:00Z'), t('2026-01-02T02:59:59Z'))).toEqual({ launch: [], skipped: null, missed: 0 });
    }
  });

  it('missed slots are counted in the schedule time zone', () => {
    // 03:00 in Tokyo is 18:00 UTC the day before: two slots between Jan 1 12:00Z and Jan 3 12:00Z.
    const p = planCatchUp('0 3 * * *', 'Asia/Tokyo', 'RUN_ONCE', t('2026-01-01T12:00:00Z'), t('2026-01-03T12:00:00Z'));
    expect(p.missed).toBe(2);
    expect(p.launch.map(iso)).toEqual(['2026-01-02T18:00:00.000Z']);
  });
});

describe('cron checks and words', () => {
  it('accepts 5 fields and @aliases, with a known time zone', () => {
    expect(checkCron('0 3 * * *', 'UTC')).toBeNull();
    expect(checkCron('*/15 9-17 * * 1-5', 'Europe/Paris')).toBeNull();
    expect(checkCron('@daily', 'UTC')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkCron('0 3 * *', 'UTC')).toMatchObject({ path: 'cron', message: expect.stringContaining('give 5') });
    expect(checkCron('0 0 3 * * *', 'UTC')).toMatchObject({ path: 'cron', message: expect.stringContaining('6 fields') });
    expect(checkCron('0 25 * * *', 'UTC')).toMatchObject({ path: 'cron', message: expect.stringContaining('not a valid cron') });
    expect(checkCron('0 3 * * *', 'Mars/Olympus')).toMatchObject({ path: 'timezone', message: expect.stringContaining('Mars/Olympus') });
  });

  it('says the cron in words', () => {
    expect(describeCron('0 3 * * 1-5')).toBe('At 03:00, Monday through Friday');
  });
});
