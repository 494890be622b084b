import { describe, expect, it } from 'vitest';
import { byModelVersion, detectSatisfactionRisks, isoWeek, trendByWeek, type FeedbackPoint } from './trends';

describe('isoWeek', () => {
  it('follows ISO 8601 across year boundaries', () => {
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-03')).toBe('2026-W53'); // Sunday still in the previous ISO year
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2026-11-22T10:00:00Z')).toBe('2026-W47');
  });
});

describe('trends', () => {
  const items: FeedbackPoint[] = [
    { createdAt: '2026-11-02T10:00:00Z', nps: 10, csat: 5, modelVersionId: 'v1' },
    { createdAt: '2026-11-03T10:00:00Z', nps: 3, csat: 2, modelVersionId: 'v1' },
    { createdAt: '2026-11-10T10:00:00Z', nps: 9, thumbs: true, modelVersionId: 'v2' },
    { createdAt: '2026-11-11T10:00:00Z', nps: 10, modelVersionId: 'v2' },
    { createdAt: '2026-11-12T10:00:00Z', comment: 'crashes all the time' },
  ];

  it('groups by ISO week, oldest first', () => {
    const w = trendByWeek(items);
    expect(w.map((x) => [x.key, x.responses, x.nps.nps])).toEqual([
      ['2026-W45', 2, 0],
      ['2026-W46', 3, 100],
    ]);
    expect(w[0].csat.csat).toBe(50);
    expect(w[1].negativeShare).toBe(0.333); // the comment-only crash report
  });

  it('groups by model version', () => {
    expect(byModelVersion(items).map((x) => [x.key, x.nps.nps])).toEqual([
      ['unversioned', null],
      ['v1', 0],
      ['v2', 100],
    ]);
  });
});

describe('detectSatisfactionRisks', () => {
  const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12)).toISOString();
  const fill = (from: number, to: number, score: number, count: number): FeedbackPoint[] =>
    Array.from({ length: count }, (_, i) => ({ createdAt: day(from + (i % (to - from + 1))), nps: score }));

  it('raises an NPS drop and a negative share when the latest fortnight turns bad', () => {
    // Previous window (Nov 1–8 → within 15..28 days before asOf): 25 promoters → NPS 100.
    // Latest (Nov 9–22): 15 promoters + 10 detractors → NPS 20, negative share 0.4 → drop 80 points.
    const items = [...fill(1, 8, 10, 25), ...fill(10, 20, 10, 15), ...fill(10, 20, 2, 11)];
    const r = detectSatisfactionRisks(items, { scope: 'p1', asOf: '2026-11-22' });
    expect(r.map((x) => [x.kind, x.severity])).toEqual([
      ['NPS_DROP', 'HIGH'],
      ['NEGATIVE_SHARE', 'MEDIUM'],
    ]);
    expect(r[0].dedupeKey).toBe('satisfaction:p1:nps-drop');
  });

  it('stays quiet when stable or when there are too few responses', () => {
    expect(detectSatisfactionRisks([...fill(1, 8, 10, 25), ...fill(10, 20, 9, 25)], { scope: 'p', asOf: '2026-11-22' })).toEqual([]);
    expect(detectSatisfactionRisks(fill(10, 20, 0, 5), { scope: 'p', asOf: '2026-11-22' })).toEqual([]);
  });
});
