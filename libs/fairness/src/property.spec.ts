import { FAIRNESS_BASE_METRICS, type FairnessBaseMetric } from '@meridian/domain';
import { describe, expect, it } from 'vitest';
import { aequitasDisparities } from './aequitas';
import { privilegedMetrics } from './aif360';
import { createRng } from './bootstrap';
import { prepareData } from './data';
import { metricFrame } from './metric-frame';

// The single-pass counting must give what a direct, row-filtering computation gives, for any
// shape of data: random sizes, 1-2 sensitive features, optional control feature, weights with
// zeros. The direct version below follows the definitions (Fairlearn conventions) literally.

interface Row {
  a: string;
  b: string;
  c: string;
  y: number;
  p: number;
  w: number;
}

function direct(rows: Row[], m: FairnessBaseMetric): number {
  if (rows.length === 0) return NaN;
  const sum = (f: (r: Row) => boolean) => rows.filter(f).reduce((s, r) => s + r.w, 0);
  const W = sum(() => true);
  const tp = sum((r) => r.y === 1 && r.p === 1);
  const fp = sum((r) => r.y === 0 && r.p === 1);
  const fn = sum((r) => r.y === 1 && r.p === 0);
  const tn = sum((r) => r.y === 0 && r.p === 0);
  const z = (x: number, d: number) => (d > 0 ? x / d : 0);
  switch (m) {
    case 'count':
      return rows.length;
    case 'selectionRate':
      return (tp + fp) / W;
    case 'truePositiveRate':
      return z(tp, tp + fn);
    case 'falsePositiveRate':
      return z(fp, fp + tn);
    case 'falseNegativeRate':
      return z(fn, tp + fn);
    case 'trueNegativeRate':
      return z(tn, fp + tn);
    case 'precision':
      return z(tp, tp + fp);
    case 'accuracy':
      return (tp + tn) / W;
    case 'errorRate':
      return (fp + fn) / W;
  }
}

function close(actual: number, expected: number, what: string) {
  if (Number.isNaN(expected)) expect(actual, what).toBeNaN();
  else expect(actual, what).toBeCloseTo(expected, 10);
}

describe('single-pass counts agree with a direct computation on random data', () => {
  it('for 300 random datasets', () => {
    const rand = createRng(2024);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(rand() * 40);
      const two = rand() < 0.5;
      const control = rand() < 0.4;
      const rows: Row[] = Array.from({ length: n }, () => ({
        a: pick(['x', 'y', 'z']),
        b: pick(['1', '2']),
        c: pick(['k', 'l']),
        y: rand() < 0.5 ? 1 : 0,
        p: rand() < 0.5 ? 1 : 0,
        w: rand() < 0.15 ? 0 : Math.round(rand() * 300) / 100,
      }));
      if (rows.every((r) => r.w === 0)) rows[0].w = 1;
      const cols = {
        a: rows.map((r) => r.a),
        b: rows.map((r) => r.b),
        c: rows.map((r) => r.c),
        y: rows.map((r) => r.y),
        p: rows.map((r) => r.p),
        w: rows.map((r) => r.w),
      };
      const sensitive = two ? ['a', 'b'] : ['a'];
      const data = prepareData(cols, { label: 'y', prediction: 'p', sensitive, control: control ? ['c'] : [], weight: 'w' });
      const mf = metricFrame(data);
      const key = (r: Row) => (two ? `${r.a}|${r.b}` : r.a);
      for (const level of mf.levels) {
        const inLevel = rows.filter((r) => !control || r.c === level.control!.c);
        for (const m of FAIRNESS_BASE_METRICS) {
          const overallW = inLevel.reduce((s, r) => s + r.w, 0);
          // a slice whose weights sum to 0 has undefined selection rate and accuracy
          const expectedOverall = overallW === 0 && ['selectionRate', 'accuracy', 'errorRate'].includes(m) ? NaN : direct(inLevel, m);
          close(level.overall[m], expectedOverall, `t${t} overall ${m}`);
          for (const g of level.byGroup) {
            const members = inLevel.filter((r) => key(r) === g.group);
            const w = members.reduce((s, r) => s + r.w, 0);
            const expected = members.length > 0 && w === 0 && ['selectionRate', 'accuracy', 'errorRate'].includes(m) ? NaN : direct(members, m);
            close(g.metrics[m], expected, `t${t} ${g.group} ${m}`);
          }
        }
      }

      // AIF360 rates: privileged a = x, numpy division (NaN on 0/0)
      const priv = rows.filter((r) => r.a === 'x');
      const unpriv = rows.filter((r) => r.a !== 'x');
      const privW = priv.reduce((s, r) => s + r.w, 0);
      const unprivW = unpriv.reduce((s, r) => s + r.w, 0);
      if (priv.length && unpriv.length) {
        const am = privilegedMetrics(data, { privileged: { a: ['x'] } });
        const sr = (rs: Row[]) => rs.filter((r) => r.p === 1).reduce((s, r) => s + r.w, 0) / rs.reduce((s, r) => s + r.w, 0);
        close(am.statisticalParityDifference, sr(unpriv) - sr(priv), `t${t} spd`);
        close(am.classImbalance, (unprivW - privW) / (unprivW + privW), `t${t} ci`);
      }

      // Aequitas ppr of each value of the first feature: predicted positives / all predicted positives
      const aq = aequitasDisparities(data);
      const k = rows.filter((r) => r.p === 1).reduce((s, r) => s + r.w, 0);
      for (const g of aq.attributes[0].groups) {
        const pp = rows.filter((r) => r.a === g.group && r.p === 1).reduce((s, r) => s + r.w, 0);
        close(g.metrics.ppr, k !== 0 ? pp / k : NaN, `t${t} ppr ${g.group}`);
      }
    }
  });
});
