import { describe, expect, it } from 'vitest';
import { clipOutliers, dropDuplicates, fillMissing } from './clean';
import { readCsvTable } from './table';

const t = () => readCsvTable(Buffer.from('x,c\n1,a\n,b\n3,\n1,a\n,b\n7,b\n'));

describe('cleaning', () => {
  it('drops duplicate rows, keeping the first', async () => {
    const r = dropDuplicates(await t());
    expect(r.removed).toBe(2);
    expect(r.table.rowCount).toBe(4);
    expect(r.table.columns[1].values).toEqual(['a', 'b', null, 'b']);
  });

  it('fills missing values by mean, median, mode and forward fill, or drops the rows', async () => {
    const base = await t();
    const mean = fillMissing(base, { x: 'mean' });
    expect(Array.from(mean.table.columns[0].values as Float64Array)).toEqual([1, 3, 3, 1, 3, 7]);
    expect(mean.filled).toBe(2);
    const median = fillMissing(base, { x: 'median', c: 'mode' });
    expect(Array.from(median.table.columns[0].values as Float64Array)).toEqual([1, 2, 3, 1, 2, 7]);
    expect(median.table.columns[1].values).toEqual(['a', 'b', 'b', 'a', 'b', 'b']);
    const ff = fillMissing(base, 'ffill');
    expect(Array.from(ff.table.columns[0].values as Float64Array)).toEqual([1, 1, 3, 1, 1, 7]);
    expect(ff.table.columns[1].values).toEqual(['a', 'b', 'b', 'a', 'b', 'b']);
    const mode = fillMissing(base, { x: 'mode' });
    expect(Array.from(mode.table.columns[0].values as Float64Array)).toEqual([1, 1, 3, 1, 1, 7]);
    const drop = fillMissing(base, 'drop');
    expect(drop.droppedRows).toBe(3);
    expect(drop.table.rowCount).toBe(3);
    expect(() => fillMissing(base, { c: 'mean' })).toThrow('fill it with "mode"');
    expect(() => fillMissing(base, { nope: 'mean' })).toThrow('no column named "nope"');
  });

  it('clips outliers by IQR, quantiles or z-score', async () => {
    const d = await readCsvTable(Buffer.from('v\n' + [1, 2, 3, 4, 5, 6, 7, 8, 9, 100].join('\n')));
    const r = clipOutliers(d, { method: 'iqr' });
    // q1 = 3.25, q3 = 7.75, IQR = 4.5 -> [-3.5, 14.5]
    expect(r.bounds.v).toEqual([-3.5, 14.5]);
    expect(r.clipped).toBe(1);
    expect((r.table.columns[0].values as Float64Array)[9]).toBe(14.5);
    const q = clipOutliers(d, { method: 'quantile', lower: 0.1, upper: 0.9 });
    expect(q.bounds.v[0]).toBeCloseTo(1.9, 12);
    expect(q.clipped).toBe(2);
    expect(clipOutliers(d, { method: 'zscore', z: 2 }).clipped).toBe(1);
  });
});
