import { describe, expect, it } from 'vitest';
import { prepareData } from './data';
import { FairnessInputError } from './errors';

const base = { y: [1, 0, 1, 0], p: [1, 1, 0, 0], g: ['a', 'a', 'b', 'b'] };
const spec = { label: 'y', prediction: 'p', sensitive: ['g'] };

function errorOf(fn: () => unknown): FairnessInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FairnessInputError) return e;
    throw e;
  }
  throw new Error('expected a FairnessInputError');
}

describe('prepareData', () => {
  it('encodes groups as integer codes sorted like numpy.unique', () => {
    const d = prepareData({ ...base, g: ['b', 'a', 'b', 'c'], n: [10, 9, 10, 100] }, { ...spec, sensitive: ['g', 'n'] });
    expect(d.sensitive[0].levels).toEqual(['a', 'b', 'c']);
    expect(d.sensitive[1].levels).toEqual(['9', '10', '100']); // numeric order, not text order
    // numbers read from CSV as text sort the same way
    expect(prepareData({ ...base, n: ['10', '9', '10', '100'] }, { ...spec, sensitive: ['n'] }).sensitive[0].levels).toEqual(['9', '10', '100']);
    expect(d.groupCount).toBe(9);
    expect(d.groupKeys[0]).toBe('a|9');
    expect(Array.from(d.groupCodes)).toEqual([1 * 3 + 1, 0 * 3 + 0, 1 * 3 + 1, 2 * 3 + 2]);
  });

  it('accepts 0/1, -1/1, booleans and their strings, and a named positive label', () => {
    expect(Array.from(prepareData({ ...base, y: [1, -1, 1, -1] }, spec).y)).toEqual([1, 0, 1, 0]);
    expect(Array.from(prepareData({ ...base, y: [true, false, true, false] }, spec).y)).toEqual([1, 0, 1, 0]);
    expect(Array.from(prepareData({ ...base, y: ['1', '0', '1', '0'] }, spec).y)).toEqual([1, 0, 1, 0]);
    expect(Array.from(prepareData({ ...base, y: ['1.0', '0.0', '1.0', '0.0'] }, spec).y)).toEqual([1, 0, 1, 0]);
    const named = prepareData({ ...base, y: ['hired', 'rejected', 'hired', 'rejected'], p: ['hired', 'hired', 'rejected', 'rejected'] }, { ...spec, positiveLabel: 'hired' });
    expect(Array.from(named.y)).toEqual([1, 0, 1, 0]);
    expect(Array.from(named.yhat)).toEqual([1, 1, 0, 0]);
  });

  it('derives predictions from scores with a threshold', () => {
    const d = prepareData({ ...base, s: [0.9, 0.5, 0.49, 0.1] }, { label: 'y', score: 's', sensitive: ['g'] });
    expect(Array.from(d.yhat)).toEqual([1, 1, 0, 0]);
    expect(d.spec.threshold).toBe(0.5);
  });

  it('names an unknown column and lists the real ones', () => {
    const e = errorOf(() => prepareData(base, { ...spec, sensitive: ['gender'] }));
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.message).toMatch(/unknown sensitive column 'gender'.*columns: y, p, g/);
    expect(e.issues[0].path).toBe('sensitive');
  });

  it('rejects a label that is not binary', () => {
    const e = errorOf(() => prepareData({ ...base, y: [0, 1, 2, 1] }, spec));
    expect(e.code).toBe('NOT_BINARY');
    expect(e.message).toMatch(/label column 'y' is not binary.*'0', '1', '2'/);
    expect(errorOf(() => prepareData({ ...base, y: ['yes', 'no', 'yes', 'no'] }, spec)).message).toMatch(/pass positiveLabel/);
    expect(errorOf(() => prepareData({ ...base, y: [0, 1, -1, 1] }, spec)).message).toMatch(/mixes 0, -1 and 1/);
  });

  it('rejects length mismatches, missing values and empty data', () => {
    expect(errorOf(() => prepareData({ ...base, p: [1, 0, 1] }, spec)).message).toMatch(/prediction column 'p' has 3 values but label column 'y' has 4/);
    expect(errorOf(() => prepareData({ ...base, g: ['a', null, 'b', 'b'] }, spec)).message).toMatch(/sensitive column 'g' has no value at row 1/);
    expect(errorOf(() => prepareData({ y: [], p: [], g: [] }, spec)).code).toBe('EMPTY_INPUT');
  });

  it('rejects negative, non-numeric and all-zero weights', () => {
    const neg = errorOf(() => prepareData({ ...base, w: [1, -0.5, 1, 1] }, { ...spec, weight: 'w' }));
    expect(neg.code).toBe('NEGATIVE_WEIGHT');
    expect(neg.message).toMatch(/negative weight \(-0.5\) at row 1/);
    expect(neg.issues[0].path).toBe('weight[1]');
    expect(errorOf(() => prepareData({ ...base, w: [1, 'x', 1, 1] }, { ...spec, weight: 'w' })).code).toBe('INVALID_WEIGHT');
    expect(errorOf(() => prepareData({ ...base, w: [0, 0, 0, 0] }, { ...spec, weight: 'w' })).message).toMatch(/sums to 0/);
  });

  it('rejects a missing prediction, a feature in two roles and too many combinations', () => {
    expect(errorOf(() => prepareData(base, { label: 'y', sensitive: ['g'] })).code).toBe('INVALID_OPTION');
    expect(errorOf(() => prepareData(base, { ...spec, control: ['g'] })).message).toMatch(/both a sensitive and a control feature/);
    const n = 400;
    const wide = { y: Array(n).fill(0), p: Array(n).fill(0), a: Array.from({ length: n }, (_, i) => i), b: Array.from({ length: n }, (_, i) => -i) };
    expect(errorOf(() => prepareData(wide, { label: 'y', prediction: 'p', sensitive: ['a', 'b'] })).code).toBe('TOO_MANY_GROUPS');
  });

  it('rejects non-finite scores', () => {
    expect(errorOf(() => prepareData({ ...base, s: [0.1, 'high', 0.2, 0.3] }, { label: 'y', score: 's', sensitive: ['g'] })).code).toBe('INVALID_SCORE');
  });
});
