import { describe, expect, it } from 'vitest';
import { matchesQuery, sentiment, themes } from './text';

describe('sentiment', () => {
  it('scores positive, negative, mixed and neutral comments', () => {
    expect(sentiment('Great predictions, really fast and easy to use').label).toBe('POSITIVE');
    expect(sentiment('Slow and the results are wrong').score).toBe(-1);
    expect(sentiment('Good accuracy but slow').score).toBe(0); // 1 positive, 1 negative
    expect(sentiment('I used it on Tuesday')).toMatchObject({ score: 0, label: 'NEUTRAL' });
  });

  it('flips polarity after a negator', () => {
    const s = sentiment('not accurate and never fast');
    expect(s.label).toBe('NEGATIVE');
    expect(s.negative).toEqual(['not accurate', 'not fast']);
    expect(sentiment("doesn't crash anymore").label).toBe('POSITIVE');
  });
});

describe('themes', () => {
  it('counts keywords once per comment, skips stopwords, carries sentiment', () => {
    const t = themes(['Latency is terrible', 'latency latency spikes', 'Love the accuracy', 'accuracy is great', 'The the the'], { minCount: 2 });
    expect(t.map((x) => [x.keyword, x.count])).toEqual([
      ['accuracy', 2],
      ['latency', 2],
    ]);
    expect(t.find((x) => x.keyword === 'latency')?.sentiment).toBe(-0.5);
    expect(t.find((x) => x.keyword === 'accuracy')?.sentiment).toBe(1);
  });
});

describe('search', () => {
  it('needs every term, case-insensitively', () => {
    expect(matchesQuery('The export to CSV is slow', 'csv SLOW')).toBe(true);
    expect(matchesQuery('The export to CSV is slow', 'csv fast')).toBe(false);
  });
});
