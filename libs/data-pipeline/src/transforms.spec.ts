import { describe, expect, it } from 'vitest';
import { applyPreprocessing, decodeClasses, decodeTargets, fitPreprocessing, parsePreprocessing, scale255, reshape } from './transforms';
import { readCsvTable, takeRows, type Table } from './table';

const buf = (s: string) => Buffer.from(s, 'utf8');

async function table(text: string): Promise<Table> {
  return readCsvTable(buf(text));
}

describe('fitPreprocessing / applyPreprocessing', () => {
  it('fits on the training rows only and applies the same numbers to other rows', async () => {
    const t = await table('x,c,y\n1,red,a\n3,blue,b\n5,red,a\n100,green,b\n');
    const train = takeRows(t, [0, 1, 2]);
    const state = fitPreprocessing(train, { label: 'y' });
    const fx = state.features[0];
    expect(fx).toMatchObject({ kind: 'standardize', mean: 3 });
    if (fx.kind === 'standardize') expect(fx.std).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(state.features[1]).toEqual({ kind: 'onehot', column: 'c', categories: ['blue', 'red'] });
    expect(state.width).toBe(4);
    const test = applyPreprocessing(takeRows(t, [3]), state);
    // green was never seen: it goes to the unknown bucket (last one-hot slot)
    expect(Array.from(test.x.subarray(1))).toEqual([0, 0, 1]);
    expect(test.x[0]).toBeCloseTo((100 - 3) / Math.sqrt(8 / 3), 5);
    expect(Array.from(test.y)).toEqual([1]);
    expect(decodeClasses(state, [1, 0])).toEqual(['b', 'a']);
  });

  it('survives a JSON round trip and validates loaded state', async () => {
    const t = await table('x,flag,day,y\n1,true,2024-01-01,1.5\n2,false,2024-01-03,2.5\n,true,,3\n');
    const state = fitPreprocessing(t, { label: 'y', numeric: 'minmax' });
    expect(state.target).toEqual({ task: 'regression', column: 'y', mean: 7 / 3, std: Math.sqrt(((1.5 - 7 / 3) ** 2 + (2.5 - 7 / 3) ** 2 + (3 - 7 / 3) ** 2) / 3) });
    const again = parsePreprocessing(JSON.parse(JSON.stringify(state)));
    expect(again).toEqual(state);
    const a = applyPreprocessing(t, state);
    const b = applyPreprocessing(t, again);
    expect(b.x).toEqual(a.x);
    expect(a.x[6]).toBeCloseTo(0.5, 6); // missing x -> train mean 1.5 -> minmax 0.5
    expect(a.y).toBeInstanceOf(Float32Array);
    expect(Array.from(decodeTargets(state, a.y)).map((v) => +v.toFixed(5))).toEqual([1.5, 2.5, 3]);
    expect(() => parsePreprocessing({ ...state, width: -1, features: [{ kind: 'standardize', column: 'x', mean: 0, std: 0, fill: 0 }] })).toThrow(/width.*features\.0\.std|features\.0\.std.*width/s);
  });

  it('scales by 1/255, reshapes, label-encodes features and chooses the task from the label', async () => {
    const t = await table('p0,p1,p2,p3,size,label\n0,255,51,102,S,3\n255,0,0,0,M,7\n');
    const s = fitPreprocessing(t, { label: 'label', numeric: 'scale255', categorical: 'ordinal', exclude: ['size'], reshape: [2, 2, 1] });
    expect(s.featureShape).toEqual([2, 2, 1]);
    const d = applyPreprocessing(t, s);
    expect(d.shape).toEqual([2, 2, 2, 1]);
    expect(Array.from(d.x.subarray(0, 4))).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect(s.target).toMatchObject({ task: 'classification', classes: ['3', '7'] });
    expect(() => fitPreprocessing(t, { label: 'label', reshape: [3, 3] })).toThrow('cannot reshape 7 features');
    const o = fitPreprocessing(t, { label: 'label', categorical: 'ordinal' });
    expect(o.features.find((f) => f.column === 'size')).toEqual({ kind: 'ordinal', column: 'size', categories: ['M', 'S'] });
    expect(Array.from(scale255(Float32Array.from([255, 51])))).toEqual([1, 0.2].map(Math.fround));
    expect(reshape(new Float32Array(12), [2, 2])).toEqual([3, 2, 2]);
  });

  it('says which label value was never seen in training and names unknown columns', async () => {
    const t = await table('x,y\n1,a\n2,b\n3,c\n');
    const s = fitPreprocessing(takeRows(t, [0, 1]), { label: 'y' });
    expect(() => applyPreprocessing(t, s)).toThrow('has value "c" in row 3, a class not seen in training');
    expect(() => fitPreprocessing(t, { label: 'target' })).toThrow('no column named "target"; the columns are: x, y');
    const noLabel = applyPreprocessing(takeRows(t, [0]), s);
    expect(noLabel.y.length).toBe(1);
    const predictOnly = await table('x\n5\n');
    expect(applyPreprocessing(predictOnly, s).hasLabels).toBe(false);
  });
});
