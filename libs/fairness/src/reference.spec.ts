import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAIRNESS_BASE_METRICS } from '@meridian/domain';
import { describe, expect, it } from 'vitest';
import { aequitasDisparities } from './aequitas';
import { privilegedMetrics } from './aif360';
import { calibrationByGroup } from './calibration';
import { prepareData, type Columns } from './data';
import { fairlearnMetrics, metricFrame } from './metric-frame';

// test/fixtures/reference.json holds values computed by test/reference.py with the real pandas and
// scikit-learn (confusion_matrix, precision_score, accuracy_score, calibration_curve) following
// Fairlearn's and AIF360's source, on test/fixtures/dataset.json: 244 weighted rows, three genders x
// three ethnicities with two empty intersections and a group without negatives or selections;
// also a control-feature MetricFrame and Aequitas crosstabs/disparities (majority reference).
const fixtures = join(__dirname, '..', 'test', 'fixtures');
const dataset = JSON.parse(readFileSync(join(fixtures, 'dataset.json'), 'utf8')) as Columns;
type Ref = number | 'NaN' | 'Infinity' | '-Infinity';
const ref = JSON.parse(readFileSync(join(fixtures, 'reference.json'), 'utf8'));

function same(actual: number, expected: Ref, what: string): void {
  if (expected === 'NaN') expect(actual, what).toBeNaN();
  else if (expected === 'Infinity') expect(actual, what).toBe(Infinity);
  else if (expected === '-Infinity') expect(actual, what).toBe(-Infinity);
  else expect(actual, what).toBeCloseTo(expected, 12);
}

const spec = { label: 'y', prediction: 'yhat', score: 'score', sensitive: ['gender', 'ethnicity'], weight: 'w' };

describe('agreement with pandas + scikit-learn reference values', () => {
  const data = prepareData(dataset, spec);
  const level = metricFrame(data).levels[0];

  it('MetricFrame: overall, every intersection (empty ones NaN), aggregates', () => {
    expect(level.byGroup.map((g) => g.group)).toEqual(Object.keys(ref.byGroup));
    for (const m of FAIRNESS_BASE_METRICS) {
      same(level.overall[m], ref.overall[m], `overall.${m}`);
      for (const g of level.byGroup) same(g.metrics[m], ref.byGroup[g.group][m], `${g.group}.${m}`);
      same(level.groupMin[m], ref.groupMin[m], `groupMin.${m}`);
      same(level.groupMax[m], ref.groupMax[m], `groupMax.${m}`);
      same(level.difference.betweenGroups[m], ref.differenceBetween[m], `difference.between.${m}`);
      same(level.difference.toOverall[m], ref.differenceToOverall[m], `difference.toOverall.${m}`);
      same(level.ratio.betweenGroups[m], ref.ratioBetween[m], `ratio.between.${m}`);
      same(level.ratio.toOverall[m], ref.ratioToOverall[m], `ratio.toOverall.${m}`);
    }
  });

  it('equalized odds, worst case and mean', () => {
    const f = fairlearnMetrics(data);
    for (const [method, key] of [
      ['betweenGroups', 'betweenGroups'],
      ['toOverall', 'toOverall'],
    ] as const) {
      same(f.equalizedOddsDifference.worstCase[method], ref.equalizedOdds[key].diffWorst, `eod worst ${method}`);
      same(f.equalizedOddsDifference.mean[method], ref.equalizedOdds[key].diffMean, `eod mean ${method}`);
      same(f.equalizedOddsRatio.worstCase[method], ref.equalizedOdds[key].ratioWorst, `eor worst ${method}`);
      same(f.equalizedOddsRatio.mean[method], ref.equalizedOdds[key].ratioMean, `eor mean ${method}`);
    }
  });

  it('AIF360 metrics with instance weights', () => {
    const a = privilegedMetrics(data, { privileged: { gender: ['male'] } });
    const keys = Object.keys(ref.aif360).filter((k) => !k.startsWith('gei_alpha')) as Array<keyof typeof a>;
    for (const k of keys) same(a[k] as number, ref.aif360[k], k);
    same(privilegedMetrics(data, { privileged: { gender: ['male'] }, alpha: 0 }).generalizedEntropyIndex, ref.aif360.gei_alpha_0, 'gei alpha 0');
    same(privilegedMetrics(data, { privileged: { gender: ['male'] }, alpha: 3 }).generalizedEntropyIndex, ref.aif360.gei_alpha_3, 'gei alpha 3');
  });

  it('MetricFrame with a control feature: aggregates within each control level', () => {
    const mf = metricFrame(prepareData(dataset, { ...spec, sensitive: ['gender'], control: ['ethnicity'] }));
    expect(mf.levels.map((l) => l.control!.ethnicity)).toEqual(Object.keys(ref.control));
    for (const l of mf.levels) {
      const r = ref.control[l.control!.ethnicity];
      for (const m of FAIRNESS_BASE_METRICS) {
        const at = `${l.control!.ethnicity}.${m}`;
        same(l.overall[m], r.overall[m], `overall ${at}`);
        for (const g of l.byGroup) same(g.metrics[m], r.byGroup[g.group][m], `byGroup ${g.group} ${at}`);
        same(l.groupMin[m], r.groupMin[m], `groupMin ${at}`);
        same(l.groupMax[m], r.groupMax[m], `groupMax ${at}`);
        same(l.difference.betweenGroups[m], r.differenceBetween[m], `difference.between ${at}`);
        same(l.difference.toOverall[m], r.differenceToOverall[m], `difference.toOverall ${at}`);
        same(l.ratio.betweenGroups[m], r.ratioBetween[m], `ratio.between ${at}`);
        same(l.ratio.toOverall[m], r.ratioToOverall[m], `ratio.toOverall ${at}`);
      }
    }
  });

  it('Aequitas crosstabs, majority-reference disparities and parity (unweighted)', () => {
    const a = aequitasDisparities(prepareData(dataset, { ...spec, weight: undefined }));
    for (const attr of a.attributes.slice(0, 2)) {
      const r = ref.aequitas[attr.attribute];
      expect(attr.groups.map((g) => g.group)).toEqual(Object.keys(r));
      for (const g of attr.groups) {
        for (const m of Object.keys(g.metrics) as Array<keyof typeof g.metrics>) {
          same(g.metrics[m], r[g.group].metrics[m], `${g.group} ${m}`);
          same(g.disparities[m], r[g.group].disparities[m], `${g.group} ${m} disparity`);
          expect(g.parity[m], `${g.group} ${m} parity`).toBe(r[g.group].parity[m]);
          expect(g.referenceGroups[m]).toBe(r[g.group].reference);
        }
      }
    }
  });

  it('calibration bins as sklearn calibration_curve (unweighted)', () => {
    const unweighted = prepareData(dataset, { ...spec, weight: undefined });
    const c = calibrationByGroup(unweighted, { bins: 10 });
    expect(c.byGroup.map((g) => g.group)).toEqual(Object.keys(ref.calibration));
    for (const g of c.byGroup) {
      const r = ref.calibration[g.group];
      expect(g.bins.length, g.group).toBe(r.fractionPositive.length);
      g.bins.forEach((bin, i) => {
        same(bin.fractionPositive, r.fractionPositive[i], `${g.group} bin ${i} fraction`);
        same(bin.meanPredicted, r.meanPredicted[i], `${g.group} bin ${i} mean`);
      });
    }
  });
});
