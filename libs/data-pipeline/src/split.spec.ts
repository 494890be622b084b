import { describe, expect, it } from 'vitest';
import { kFold, trainValTestSplit } from './split';

const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 < 7 ? 'a' : i % 10 < 9 ? 'b' : 'c'));

describe('trainValTestSplit', () => {
  it('makes disjoint 80/10/10 parts covering every row, the same for the same seed', () => {
    const s = trainValTestSplit(1000, { seed: 5, stratify: labels });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([800, 100, 100]);
    const all = new Set([...s.train, ...s.validation, ...s.test]);
    expect(all.size).toBe(1000);
    expect(trainValTestSplit(1000, { seed: 5, stratify: labels })).toEqual(s);
    expect(trainValTestSplit(1000, { seed: 6, stratify: labels }).test).not.toEqual(s.test);
  });

  it('keeps class shares in every part when stratified', () => {
    const s = trainValTestSplit(1000, { seed: 1, stratify: labels });
    for (const part of [s.train, s.validation, s.test]) {
      const c = Array.from(part).filter((i) => labels[i] === 'c').length;
      expect(c / part.length).toBeCloseTo(0.1, 10);
      const b = Array.from(part).filter((i) => labels[i] === 'b').length;
      expect(b / part.length).toBeCloseTo(0.2, 10);
    }
  });

  it('hits the requested sizes with uneven classes and custom fractions', () => {
    const y = Array.from({ length: 97 }, (_, i) => i % 3);
    const s = trainValTestSplit(97, { seed: 2, stratify: y, fractions: [0.6, 0.2, 0.2] });
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([57, 19, 21].map((_, i) => [97 - 19 - 19, 19, 19][i]));
    expect(() => trainValTestSplit(10, { fractions: [0.5, 0.5, 0.5] })).toThrow('sum to 1');
  });
});

describe('kFold', () => {
  it('puts every row in exactly one validation fold, stratified', () => {
    const folds = kFold(1000, 5, { seed: 3, stratify: labels });
    expect(folds).toHaveLength(5);
    const seen = new Int32Array(1000);
    for (const f of folds) {
      expect(f.train.length + f.validation.length).toBe(1000);
      for (const i of f.validation) seen[i]++;
      const c = Array.from(f.validation).filter((i) => labels[i] === 'c').length;
      expect(c).toBe(20);
    }
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(() => kFold(10, 1)).toThrow('k must be');
  });
});
