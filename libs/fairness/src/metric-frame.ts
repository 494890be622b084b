import {
  FAIRNESS_BASE_METRICS,
  type BetweenAndOverall,
  type FairlearnMetricsShape,
  type FairnessBaseMetric,
  type MetricFrameLevel,
  type MetricFrameShape,
  type MetricValues,
} from '@meridian/domain';
import { countCells, mergeCells, TN, FP, FN, TP, type CellCounts } from './counts';
import { GROUP_SEPARATOR, type FairnessData } from './data';
import type { Notes } from './notes';

/**
 * 'reference' reproduces Fairlearn/scikit-learn: a rate whose denominator is 0 is 0
 * (confusion_matrix(normalize='true') applies nan_to_num; precision_score's zero_division
 * default 'warn' returns 0). 'nan' leaves such values undefined. Either way a note says why.
 */
export type ZeroDivision = 'reference' | 'nan';

export interface MetricValue {
  value: number;
  reason?: string;
}

function rate(num: number, den: number, zd: ZeroDivision, why: string, convention: string): MetricValue {
  if (den > 0) return { value: num / den };
  if (zd === 'reference') return { value: 0, reason: `${why}: set to 0 by ${convention}` };
  return { value: NaN, reason: `${why}: undefined (0/0)` };
}

const CM = "scikit-learn's confusion_matrix(normalize='true') convention (nan_to_num), which Fairlearn's rate metrics use";

/** One Fairlearn/scikit-learn base metric from weighted confusion counts of a non-empty slice. */
export function baseMetric(metric: FairnessBaseMetric, tn: number, fp: number, fn: number, tp: number, rows: number, zd: ZeroDivision): MetricValue {
  const total = tn + fp + fn + tp;
  switch (metric) {
    case 'count':
      return { value: rows };
    case 'selectionRate':
      // Fairlearn: dot(selected, w) / w.sum() — plain numpy division, so 0/0 is NaN in every mode.
      return total > 0 ? { value: (tp + fp) / total } : { value: NaN, reason: 'the sample weights of this slice sum to 0: selection rate is 0/0' };
    case 'truePositiveRate':
      return rate(tp, tp + fn, zd, 'no positive labels (TP + FN = 0)', CM);
    case 'falseNegativeRate':
      return rate(fn, tp + fn, zd, 'no positive labels (TP + FN = 0)', CM);
    case 'falsePositiveRate':
      return rate(fp, fp + tn, zd, 'no negative labels (FP + TN = 0)', CM);
    case 'trueNegativeRate':
      return rate(tn, fp + tn, zd, 'no negative labels (FP + TN = 0)', CM);
    case 'precision':
      return rate(tp, tp + fp, zd, 'no positive predictions (TP + FP = 0)', "scikit-learn's precision_score zero_division default ('warn' returns 0)");
    case 'accuracy':
      return total > 0 ? { value: (tp + tn) / total } : { value: NaN, reason: 'the sample weights of this slice sum to 0: accuracy is undefined' };
    case 'errorRate':
      return total > 0 ? { value: (fp + fn) / total } : { value: NaN, reason: 'the sample weights of this slice sum to 0: error rate is undefined' };
  }
}

function metricsOfCell(c: CellCounts, cell: number, zd: ZeroDivision, notes: Notes | null, path: string, who = ''): MetricValues<number> {
  const b = cell * 4;
  const rows = c.rows[b] + c.rows[b + 1] + c.rows[b + 2] + c.rows[b + 3];
  const out = {} as MetricValues<number>;
  for (const m of FAIRNESS_BASE_METRICS) {
    const r = baseMetric(m, c.weight[b + TN], c.weight[b + FP], c.weight[b + FN], c.weight[b + TP], rows, zd);
    out[m] = r.value;
    if (r.reason && notes) notes.add(`${path}.${m}`, who ? `${who}: ${r.reason}` : r.reason);
  }
  return out;
}

function nanMetrics(): MetricValues<number> {
  const out = {} as MetricValues<number>;
  for (const m of FAIRNESS_BASE_METRICS) out[m] = NaN;
  return out;
}

/** pandas Series.min()/max(): NaN is skipped; all-NaN gives NaN. */
export function skipNanMin(values: number[]): number {
  let best = NaN;
  for (const v of values) if (!Number.isNaN(v) && (Number.isNaN(best) || v < best)) best = v;
  return best;
}
export function skipNanMax(values: number[]): number {
  let best = NaN;
  for (const v of values) if (!Number.isNaN(v) && (Number.isNaN(best) || v > best)) best = v;
  return best;
}
export function skipNanMean(values: number[]): number {
  let s = 0;
  let k = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      s += v;
      k++;
    }
  }
  return k ? s / k : NaN;
}

/** Fairlearn's ratio_sub_one: ratios above 1 are inverted so every ratio is <= 1 (inf -> 0). */
function ratioSubOne(x: number): number {
  return x > 1 ? 1 / x : x;
}

export interface Aggregates {
  groupMin: number;
  groupMax: number;
  differenceBetween: number;
  differenceToOverall: number;
  ratioBetween: number;
  ratioToOverall: number;
}

/** MetricFrame.group_min/max, difference() and ratio() for one metric of one control level. */
export function aggregate(byGroup: number[], overall: number): Aggregates {
  const groupMin = skipNanMin(byGroup);
  const groupMax = skipNanMax(byGroup);
  const toOverall: number[] = [];
  const ratios: number[] = [];
  for (const v of byGroup) {
    toOverall.push(Math.abs(v - overall));
    ratios.push(ratioSubOne(v / overall));
  }
  return {
    groupMin,
    groupMax,
    // (by_group - group_min).abs().max() is group_max - group_min
    differenceBetween: groupMax - groupMin,
    differenceToOverall: skipNanMax(toOverall),
    ratioBetween: groupMin / groupMax,
    ratioToOverall: skipNanMin(ratios),
  };
}

function explainAggregate(notes: Notes, path: string, metric: string, a: Aggregates, overall: number, byGroup: number[]): void {
  const defined = byGroup.filter((v) => !Number.isNaN(v)).length;
  if (defined === 0) {
    for (const k of ['groupMin', 'groupMax', 'difference.betweenGroups', 'difference.toOverall', 'ratio.betweenGroups', 'ratio.toOverall']) {
      notes.add(`${path}.${k}.${metric}`, `no group has a defined ${metric}`);
    }
    return;
  }
  if (Number.isNaN(a.ratioBetween)) notes.add(`${path}.ratio.betweenGroups.${metric}`, `every group has ${metric} 0, so group_min / group_max is 0/0`);
  else if (!Number.isFinite(a.ratioBetween)) notes.add(`${path}.ratio.betweenGroups.${metric}`, `group_max of ${metric} is 0 while group_min is not (x/0)`);
  if (Number.isNaN(overall)) {
    notes.add(`${path}.difference.toOverall.${metric}`, `the overall ${metric} is undefined`);
    notes.add(`${path}.ratio.toOverall.${metric}`, `the overall ${metric} is undefined`);
  } else if (Number.isNaN(a.ratioToOverall)) {
    notes.add(`${path}.ratio.toOverall.${metric}`, `the overall ${metric} is 0 and so is every group's: each group / overall is 0/0`);
  }
}

function slice(values: MetricValues<number>[], m: FairnessBaseMetric): number[] {
  return values.map((v) => v[m]);
}

export interface MetricFrameOptions {
  zeroDivision?: ZeroDivision;
  notes?: Notes | null;
  /** Dotted prefix for note paths. */
  path?: string;
  counts?: CellCounts;
}

/**
 * Fairlearn's MetricFrame over the base metrics: overall (per control level), by_group over the
 * Cartesian product of sensitive (and control) values — an empty intersection is NaN and ignored
 * by the aggregates — and group_min/max, difference and ratio with both methods per control level.
 */
export function metricFrame(data: FairnessData, opts: MetricFrameOptions = {}): MetricFrameShape<number> {
  const zd = opts.zeroDivision ?? 'reference';
  const notes = opts.notes ?? null;
  const path = opts.path ?? 'metricFrame';
  const counts = opts.counts ?? countCells(data);
  const G = data.groupCount;
  const levels: MetricFrameLevel<number>[] = [];
  const levelMap = new Int32Array(counts.cells);
  for (let cell = 0; cell < counts.cells; cell++) levelMap[cell] = Math.floor(cell / G);
  const perLevel = mergeCells(counts, levelMap, data.controlCount);
  for (let l = 0; l < data.controlCount; l++) {
    const lpath = `${path}.levels.${l}`;
    const levelRows = perLevel.rows[l * 4] + perLevel.rows[l * 4 + 1] + perLevel.rows[l * 4 + 2] + perLevel.rows[l * 4 + 3];
    const overall = levelRows > 0 ? metricsOfCell(perLevel, l, zd, notes, `${lpath}.overall`, 'overall') : nanMetrics();
    if (levelRows === 0 && notes) notes.add(`${lpath}.overall`, 'no rows have this combination of control values');
    const byGroup: Array<{ group: string; metrics: MetricValues<number> }> = [];
    for (let g = 0; g < G; g++) {
      const cell = l * G + g;
      const b = cell * 4;
      const rows = counts.rows[b] + counts.rows[b + 1] + counts.rows[b + 2] + counts.rows[b + 3];
      const gpath = `${lpath}.byGroup.${g}`;
      if (rows === 0) {
        byGroup.push({ group: data.groupKeys[g], metrics: nanMetrics() });
        const where = data.control.length ? ` in control level ${data.controlValues[l].join(GROUP_SEPARATOR)}` : '';
        notes?.add(
          gpath,
          `empty intersection '${data.groupKeys[g]}'${where}: no rows have these values, so every metric is undefined and ignored by group min/max, difference and ratio`,
        );
      } else {
        byGroup.push({ group: data.groupKeys[g], metrics: metricsOfCell(counts, cell, zd, notes, `${gpath}.metrics`, `group '${data.groupKeys[g]}'`) });
      }
    }
    const groupMin = {} as MetricValues<number>;
    const groupMax = {} as MetricValues<number>;
    const dB = {} as MetricValues<number>;
    const dO = {} as MetricValues<number>;
    const rB = {} as MetricValues<number>;
    const rO = {} as MetricValues<number>;
    const values = byGroup.map((x) => x.metrics);
    for (const m of FAIRNESS_BASE_METRICS) {
      const v = slice(values, m);
      const a = aggregate(v, overall[m]);
      groupMin[m] = a.groupMin;
      groupMax[m] = a.groupMax;
      dB[m] = a.differenceBetween;
      dO[m] = a.differenceToOverall;
      rB[m] = a.ratioBetween;
      rO[m] = a.ratioToOverall;
      if (notes) explainAggregate(notes, lpath, m, a, overall[m], v);
    }
    const control = data.control.length ? Object.fromEntries(data.control.map((f, j) => [f.name, data.controlValues[l][j]])) : null;
    levels.push({
      control,
      overall,
      byGroup,
      groupMin,
      groupMax,
      difference: { betweenGroups: dB, toOverall: dO },
      ratio: { betweenGroups: rB, toOverall: rO },
    });
  }
  return { sensitiveFeatures: data.sensitive.map((f) => f.name), controlFeatures: data.control.map((f) => f.name), levels };
}

/** Counts per sensitive group, summed over control levels (Fairlearn's fairness functions take no control features). */
export function groupCounts(data: FairnessData, counts: CellCounts = countCells(data)): CellCounts {
  if (counts.cells === data.groupCount) return counts;
  const map = new Int32Array(counts.cells);
  for (let cell = 0; cell < counts.cells; cell++) map[cell] = cell % data.groupCount;
  return mergeCells(counts, map, data.groupCount);
}

function aggregatesFor(data: FairnessData, counts: CellCounts, metric: FairnessBaseMetric, zd: ZeroDivision): Aggregates {
  const all = mergeCells(counts, new Int32Array(counts.cells), 1);
  const overall = metricsOfCell(all, 0, zd, null, '')[metric];
  const byGroup: number[] = [];
  for (let g = 0; g < data.groupCount; g++) {
    const b = g * 4;
    const rows = counts.rows[b] + counts.rows[b + 1] + counts.rows[b + 2] + counts.rows[b + 3];
    byGroup.push(rows === 0 ? NaN : baseMetric(metric, counts.weight[b], counts.weight[b + 1], counts.weight[b + 2], counts.weight[b + 3], rows, zd).value);
  }
  return aggregate(byGroup, overall);
}

// Python's builtin max()/min() over [tpr, fpr], as Fairlearn's worst case uses them: the first
// element wins unless the second compares greater (smaller), so a NaN TPR term propagates.
function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}
function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/**
 * Fairlearn's demographic_parity_*, equalized_odds_* (agg 'worst_case' and 'mean', Fairlearn >= 0.11)
 * and equal_opportunity_* for both methods, from one set of group counts.
 */
export function fairlearnMetrics(data: FairnessData, opts: { zeroDivision?: ZeroDivision; counts?: CellCounts; notes?: Notes | null; path?: string } = {}): FairlearnMetricsShape<number> {
  const zd = opts.zeroDivision ?? 'reference';
  const counts = groupCounts(data, opts.counts ?? countCells(data));
  const sr = aggregatesFor(data, counts, 'selectionRate', zd);
  const tpr = aggregatesFor(data, counts, 'truePositiveRate', zd);
  const fpr = aggregatesFor(data, counts, 'falsePositiveRate', zd);
  const pair = (a: Aggregates, kind: 'difference' | 'ratio'): BetweenAndOverall<number> =>
    kind === 'difference' ? { betweenGroups: a.differenceBetween, toOverall: a.differenceToOverall } : { betweenGroups: a.ratioBetween, toOverall: a.ratioToOverall };
  const mean = (t: number, p: number) => skipNanMean([t, p]);
  const result: FairlearnMetricsShape<number> = {
    demographicParityDifference: pair(sr, 'difference'),
    demographicParityRatio: pair(sr, 'ratio'),
    equalizedOddsDifference: {
      worstCase: { betweenGroups: pyMax(tpr.differenceBetween, fpr.differenceBetween), toOverall: pyMax(tpr.differenceToOverall, fpr.differenceToOverall) },
      mean: { betweenGroups: mean(tpr.differenceBetween, fpr.differenceBetween), toOverall: mean(tpr.differenceToOverall, fpr.differenceToOverall) },
    },
    equalizedOddsRatio: {
      worstCase: { betweenGroups: pyMin(tpr.ratioBetween, fpr.ratioBetween), toOverall: pyMin(tpr.ratioToOverall, fpr.ratioToOverall) },
      mean: { betweenGroups: mean(tpr.ratioBetween, fpr.ratioBetween), toOverall: mean(tpr.ratioToOverall, fpr.ratioToOverall) },
    },
    equalOpportunityDifference: pair(tpr, 'difference'),
    equalOpportunityRatio: pair(tpr, 'ratio'),
  };
  if (opts.notes) {
    const p = opts.path ?? 'fairlearn';
    const explain = (key: string, v: number, what: string) => {
      if (!Number.isFinite(v)) opts.notes!.add(`${p}.${key}`, what);
    };
    explain('demographicParityRatio.betweenGroups', sr.ratioBetween, 'every group has selection rate 0 (0/0) or the largest is 0');
    explain('demographicParityRatio.toOverall', sr.ratioToOverall, 'the overall selection rate is 0, so each group / overall is 0/0');
    explain('equalOpportunityRatio.betweenGroups', tpr.ratioBetween, 'every group has true positive rate 0, so min / max is 0/0');
    explain('equalOpportunityRatio.toOverall', tpr.ratioToOverall, 'the overall true positive rate is 0, so each group / overall is 0/0');
    for (const agg of ['worstCase', 'mean'] as const) {
      explain(`equalizedOddsRatio.${agg}.betweenGroups`, result.equalizedOddsRatio[agg].betweenGroups, 'a TPR or FPR ratio is 0/0 (every group has rate 0)');
      explain(`equalizedOddsRatio.${agg}.toOverall`, result.equalizedOddsRatio[agg].toOverall, 'a TPR or FPR ratio to overall is 0/0 (overall rate 0)');
    }
  }
  return result;
}
