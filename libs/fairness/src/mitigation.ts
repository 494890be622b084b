import { privilegeOfGroups, privilegedMetrics, type GroupCondition } from './aif360';
import { countCells, TN, FP, FN, TP } from './counts';
import { withOverrides, type FairnessData } from './data';
import { createRng } from './bootstrap';
import { FairnessInputError } from './errors';
import { baseMetric, fairlearnMetrics, skipNanMax, skipNanMin, type ZeroDivision } from './metric-frame';

/** The numbers a before/after comparison shows; undefined values are NaN (null in JSON). */
export interface FairnessSummary {
  accuracy: number;
  byGroup: Array<{ group: string; rows: number; weight: number; selectionRate: number; truePositiveRate: number; falsePositiveRate: number; baseRate: number }>;
  demographicParityDifference: number;
  demographicParityRatio: number;
  equalizedOddsDifference: number;
  equalizedOddsRatio: number;
  /** AIF360 disparate impact and statistical parity difference, when a privileged group is given. */
  disparateImpact: number | null;
  statisticalParityDifference: number | null;
}

/** Headline fairness numbers of predictions (`data.yhat`) with the given weights. */
export function fairnessSummary(data: FairnessData, opts: { privileged?: GroupCondition; zeroDivision?: ZeroDivision } = {}): FairnessSummary {
  const zd = opts.zeroDivision ?? 'reference';
  const flat = { ...data, controlCodes: null, controlCount: 1 };
  const c = countCells(flat);
  const fl = fairlearnMetrics(flat, { counts: c, zeroDivision: zd });
  let correct = 0;
  let total = 0;
  const byGroup: FairnessSummary['byGroup'] = [];
  for (let g = 0; g < data.groupCount; g++) {
    const b = g * 4;
    const [tn, fp, fn, tp] = [c.weight[b + TN], c.weight[b + FP], c.weight[b + FN], c.weight[b + TP]];
    const rows = c.rows[b] + c.rows[b + 1] + c.rows[b + 2] + c.rows[b + 3];
    correct += tn + tp;
    total += tn + fp + fn + tp;
    if (rows === 0) continue;
    const w = tn + fp + fn + tp;
    byGroup.push({
      group: data.groupKeys[g],
      rows,
      weight: w,
      selectionRate: baseMetric('selectionRate', tn, fp, fn, tp, rows, zd).value,
      truePositiveRate: baseMetric('truePositiveRate', tn, fp, fn, tp, rows, zd).value,
      falsePositiveRate: baseMetric('falsePositiveRate', tn, fp, fn, tp, rows, zd).value,
      baseRate: w > 0 ? (tp + fn) / w : NaN,
    });
  }
  const priv = opts.privileged ? privilegedMetrics(flat, { privileged: opts.privileged, counts: c }) : null;
  return {
    accuracy: correct / total,
    byGroup,
    demographicParityDifference: fl.demographicParityDifference.betweenGroups,
    demographicParityRatio: fl.demographicParityRatio.betweenGroups,
    equalizedOddsDifference: fl.equalizedOddsDifference.worstCase.betweenGroups,
    equalizedOddsRatio: fl.equalizedOddsRatio.worstCase.betweenGroups,
    disparateImpact: priv ? priv.disparateImpact : null,
    statisticalParityDifference: priv ? priv.statisticalParityDifference : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Reweighing (Kamiran & Calders 2012; AIF360 aif360.algorithms.preprocessing.Reweighing)

export interface ReweighingResult {
  method: 'reweighing';
  /** New instance weights: old weight x factor of the row's (group, label) cell. */
  weights: Float64Array;
  factors: Array<{ group: string; label: 0 | 1; factor: number }>;
  /** Label statistics (AIF360 BinaryLabelDatasetMetric) with the old and the new weights. */
  before: DatasetBias;
  after: DatasetBias;
}

export interface DatasetBias {
  baseRateByGroup: Array<{ group: string; baseRate: number; weight: number }>;
  /** max - min of the groups' weighted base rates (demographic parity of the labels). */
  baseRateDifference: number;
  baseRateRatio: number;
  /** AIF360 mean_difference (= statistical parity difference of the labels), privileged mode only. */
  meanDifference: number | null;
  disparateImpact: number | null;
}

function datasetBias(data: FairnessData, privileged: GroupCondition | undefined, unprivileged: GroupCondition | undefined): DatasetBias {
  // The labels as predictions: selection rate is then the base rate.
  const asLabels = withOverrides(data, { yhat: data.y });
  const s = fairnessSummary(asLabels);
  const rates = s.byGroup.map((g) => g.selectionRate);
  const priv = privileged ? privilegedMetrics({ ...asLabels, controlCodes: null, controlCount: 1 }, { privileged, unprivileged }) : null;
  return {
    baseRateByGroup: s.byGroup.map((g) => ({ group: g.group, baseRate: g.selectionRate, weight: g.weight })),
    baseRateDifference: skipNanMax(rates) - skipNanMin(rates),
    baseRateRatio: skipNanMin(rates) / skipNanMax(rates),
    meanDifference: priv ? priv.statisticalParityDifference : null,
    disparateImpact: priv ? priv.disparateImpact : null,
  };
}

/**
 * Reweighing: each (group, label) cell gets factor W_group * W_label / (W * W_group,label), with W
 * the sums of instance weights, so that label and group are independent under the new weights.
 * With `privileged`, groups are privileged/unprivileged as in AIF360 (rows in neither keep their
 * weight); without it every intersectional group is its own group.
 */
export function reweigh(data: FairnessData, opts: { privileged?: GroupCondition; unprivileged?: GroupCondition } = {}): ReweighingResult {
  const flat = { ...data, controlCodes: null, controlCount: 1 };
  const c = countCells(flat);
  const G = data.groupCount;
  // side[g]: which reweighing group the intersection g belongs to (-1: untouched)
  const side = new Int32Array(G);
  let sides: string[];
  if (opts.privileged) {
    const p = privilegeOfGroups(data, opts.privileged, opts.unprivileged);
    for (let g = 0; g < G; g++) side[g] = p[g] === 1 ? 0 : p[g] === 2 ? 1 : -1;
    sides = ['privileged', 'unprivileged'];
  } else {
    for (let g = 0; g < G; g++) side[g] = g;
    sides = data.groupKeys;
  }
  const S = sides.length;
  const wsy = new Float64Array(S * 2);
  let wAll = 0;
  const wy = [0, 0];
  for (let g = 0; g < G; g++) {
    const b = g * 4;
    const neg = c.weight[b + TN] + c.weight[b + FP];
    const pos = c.weight[b + FN] + c.weight[b + TP];
    wAll += neg + pos;
    wy[0] += neg;
    wy[1] += pos;
    if (side[g] >= 0) {
      wsy[side[g] * 2] += neg;
      wsy[side[g] * 2 + 1] += pos;
    }
  }
  const factor = new Float64Array(S * 2);
  const factors: ReweighingResult['factors'] = [];
  for (let s = 0; s < S; s++) {
    const ws = wsy[s * 2] + wsy[s * 2 + 1];
    for (const label of [0, 1] as const) {
      const cell = wsy[s * 2 + label];
      // An empty (group, label) cell has no rows to reweigh; its factor is never used.
      factor[s * 2 + label] = cell > 0 ? (ws * wy[label]) / (wAll * cell) : NaN;
      if (ws > 0) factors.push({ group: sides[s], label, factor: factor[s * 2 + label] });
    }
  }
  const weights = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    const s = side[data.groupCodes[i]];
    const w0 = data.weights ? data.weights[i] : 1;
    weights[i] = s < 0 ? w0 : w0 * factor[s * 2 + data.y[i]];
  }
  return {
    method: 'reweighing',
    weights,
    factors,
    before: datasetBias(data, opts.privileged, opts.unprivileged),
    after: datasetBias(withOverrides(data, { weights }), opts.privileged, opts.unprivileged),
  };
}

// ---------------------------------------------------------------------------------------------
// Group-specific thresholds (post-processing, cf. Fairlearn ThresholdOptimizer)

export type ThresholdConstraint = 'demographic_parity' | 'equalized_odds';

export interface ThresholdOptions {
  constraint: ThresholdConstraint;
  /** The constraint holds when the between-groups difference is at most this (default 0.02). */
  tolerance?: number;
  /** Candidate thresholds per group (default 256, spread over the group's score quantiles). */
  candidates?: number;
  /** Target grid resolution: 1/grid steps for rates (default 200 for DP, 50 for EO). */
  grid?: number;
  privileged?: GroupCondition;
}

export interface ThresholdResult {
  method: 'group_thresholds';
  constraint: ThresholdConstraint;
  tolerance: number;
  /** Predict positive when score >= threshold (Infinity: nobody in the group is selected). */
  thresholds: Array<{ group: string; threshold: number }>;
  predictions: Uint8Array;
  /** Whether the chosen thresholds meet the tolerance; if not, they are the least-disparate found. */
  satisfied: boolean;
  before: FairnessSummary;
  after: FairnessSummary;
}

interface GroupCurve {
  thr: Float64Array;
  sr: Float64Array;
  tpr: Float64Array;
  fpr: Float64Array;
  correct: Float64Array;
  weight: number;
}

function groupCurves(data: FairnessData, K: number): Array<GroupCurve | null> {
  const score = data.score as Float64Array;
  const G = data.groupCount;
  const members: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < data.n; i++) members[data.groupCodes[i]].push(i);
  return members.map((idx) => {
    if (idx.length === 0) return null;
    idx.sort((a, b) => score[b] - score[a]);
    const m = idx.length;
    const cumPos = new Float64Array(m + 1);
    const cumNeg = new Float64Array(m + 1);
    for (let j = 0; j < m; j++) {
      const i = idx[j];
      const w = data.weights ? data.weights[i] : 1;
      cumPos[j + 1] = cumPos[j] + (data.y[i] ? w : 0);
      cumNeg[j + 1] = cumNeg[j] + (data.y[i] ? 0 : w);
    }
    // Boundaries: select the top k rows where k ends a run of tied scores (plus k = 0).
    const bounds: number[] = [0];
    for (let j = 0; j < m; j++) if (j === m - 1 || score[idx[j + 1]] !== score[idx[j]]) bounds.push(j + 1);
    let picked = bounds;
    if (bounds.length > K) {
      picked = [];
      for (let q = 0; q < K; q++) picked.push(bounds[Math.round((q * (bounds.length - 1)) / (K - 1))]);
    }
    const P = cumPos[m];
    const N = cumNeg[m];
    const W = P + N;
    const L = picked.length;
    const curve: GroupCurve = { thr: new Float64Array(L), sr: new Float64Array(L), tpr: new Float64Array(L), fpr: new Float64Array(L), correct: new Float64Array(L), weight: W };
    picked.forEach((k, q) => {
      curve.thr[q] = k === 0 ? Infinity : score[idx[k - 1]];
      const tp = cumPos[k];
      const fp = cumNeg[k];
      curve.sr[q] = W > 0 ? (tp + fp) / W : NaN;
      curve.tpr[q] = P > 0 ? tp / P : NaN;
      curve.fpr[q] = N > 0 ? fp / N : NaN;
      curve.correct[q] = tp + (N - fp);
    });
    return curve;
  });
}

/**
 * Chooses one deterministic threshold per intersectional group that maximises weighted accuracy
 * subject to demographic parity (equal selection rates) or equalized odds (equal TPR and FPR)
 * within `tolerance`, by a grid search over target rates. Unlike Fairlearn's ThresholdOptimizer it
 * does not randomise between two thresholds, so the constraint is met only as closely as the data's
 * discrete scores allow; `satisfied` says whether the tolerance was reached.
 */
export function optimizeThresholds(data: FairnessData, opts: ThresholdOptions): ThresholdResult {
  if (!data.score) throw new FairnessInputError('INVALID_OPTION', 'threshold optimisation needs a score column', 'score');
  if (opts.constraint !== 'demographic_parity' && opts.constraint !== 'equalized_odds') {
    throw new FairnessInputError('INVALID_OPTION', `constraint must be 'demographic_parity' or 'equalized_odds', got '${String(opts.constraint)}'`, 'constraint');
  }
  const tolerance = opts.tolerance ?? 0.02;
  if (!(tolerance >= 0 && tolerance < 1)) throw new FairnessInputError('INVALID_OPTION', `tolerance must be in [0, 1), got ${tolerance}`, 'tolerance');
  if (opts.grid !== undefined && !(Number.isInteger(opts.grid) && opts.grid >= 1 && opts.grid <= 10_000)) {
    throw new FairnessInputError('INVALID_OPTION', `grid must be an integer from 1 to 10000, got ${opts.grid}`, 'grid');
  }
  if (opts.candidates !== undefined && !(Number.isInteger(opts.candidates) && opts.candidates >= 2)) {
    throw new FairnessInputError('INVALID_OPTION', `candidates must be an integer >= 2, got ${opts.candidates}`, 'candidates');
  }
  const K = opts.candidates ?? 256;
  const curves = groupCurves(data, K);
  const live = curves.map((c, g) => ({ c, g })).filter((x): x is { c: GroupCurve; g: number } => x.c !== null);
  const totalW = live.reduce((s, x) => s + x.c.weight, 0);
  let best: { choice: number[]; disparity: number; accuracy: number } | null = null;
  const consider = (choice: number[], disparity: number, accuracy: number) => {
    const ok = disparity <= tolerance + 1e-12;
    if (!best) best = { choice, disparity, accuracy };
    else {
      const bestOk = best.disparity <= tolerance + 1e-12;
      if ((ok && !bestOk) || (ok && bestOk && accuracy > best.accuracy) || (!ok && !bestOk && disparity < best.disparity)) best = { choice, disparity, accuracy };
    }
  };
  if (opts.constraint === 'demographic_parity') {
    const R = opts.grid ?? 200;
    for (let t = 0; t <= R; t++) {
      const r = t / R;
      const choice: number[] = [];
      let lo = Infinity;
      let hi = -Infinity;
      let correct = 0;
      for (const { c } of live) {
        let bq = 0;
        for (let q = 1; q < c.sr.length; q++) if (Math.abs(c.sr[q] - r) < Math.abs(c.sr[bq] - r)) bq = q;
        choice.push(bq);
        lo = Math.min(lo, c.sr[bq]);
        hi = Math.max(hi, c.sr[bq]);
        correct += c.correct[bq];
      }
      consider(choice, hi - lo, correct / totalW);
    }
  } else {
    const R = opts.grid ?? 50;
    for (let a = 0; a <= R; a++) {
      for (let b = 0; b <= R; b++) {
        const tt = a / R;
        const ff = b / R;
        const choice: number[] = [];
        let tLo = Infinity;
        let tHi = -Infinity;
        let fLo = Infinity;
        let fHi = -Infinity;
        let correct = 0;
        for (const { c } of live) {
          let bq = 0;
          let bd = Infinity;
          for (let q = 0; q < c.sr.length; q++) {
            // A group without positives (or negatives) is matched on the rate it has.
            const dt = Number.isNaN(c.tpr[q]) ? 0 : Math.abs(c.tpr[q] - tt);
            const df = Number.isNaN(c.fpr[q]) ? 0 : Math.abs(c.fpr[q] - ff);
            const d = Math.max(dt, df);
            if (d < bd) {
              bd = d;
              bq = q;
            }
          }
          choice.push(bq);
          if (!Number.isNaN(c.tpr[bq])) {
            tLo = Math.min(tLo, c.tpr[bq]);
            tHi = Math.max(tHi, c.tpr[bq]);
          }
          if (!Number.isNaN(c.fpr[bq])) {
            fLo = Math.min(fLo, c.fpr[bq]);
            fHi = Math.max(fHi, c.fpr[bq]);
          }
          correct += c.correct[bq];
        }
        const disparity = Math.max(tHi > tLo ? tHi - tLo : 0, fHi > fLo ? fHi - fLo : 0);
        consider(choice, disparity, correct / totalW);
      }
    }
  }
  const chosen = best as unknown as { choice: number[]; disparity: number };
  const thrByGroup = new Float64Array(data.groupCount).fill(Infinity);
  const thresholds: ThresholdResult['thresholds'] = [];
  live.forEach(({ c, g }, j) => {
    thrByGroup[g] = c.thr[chosen.choice[j]];
    thresholds.push({ group: data.groupKeys[g], threshold: thrByGroup[g] });
  });
  const predictions = new Uint8Array(data.n);
  const score = data.score;
  for (let i = 0; i < data.n; i++) predictions[i] = score[i] >= thrByGroup[data.groupCodes[i]] ? 1 : 0;
  return {
    method: 'group_thresholds',
    constraint: opts.constraint,
    tolerance,
    thresholds,
    predictions,
    satisfied: chosen.disparity <= tolerance + 1e-12,
    before: fairnessSummary(data, { privileged: opts.privileged }),
    after: fairnessSummary(withOverrides(data, { yhat: predictions }), { privileged: opts.privileged }),
  };
}

// ---------------------------------------------------------------------------------------------
// Out-of-sample evaluation of group thresholds

/** The rows `idx` of `data` (group, label and control coding kept, so thresholds fitted on one subset apply to another). */
export function subsetData(data: FairnessData, idx: ArrayLike<number>): FairnessData {
  const n = idx.length;
  const pick = <T extends Uint8Array | Int32Array | Float64Array>(src: T, make: (n: number) => T): T => {
    const out = make(n);
    for (let j = 0; j < n; j++) out[j] = src[idx[j]];
    return out;
  };
  return {
    ...data,
    n,
    y: pick(data.y, (k) => new Uint8Array(k)),
    yhat: pick(data.yhat, (k) => new Uint8Array(k)),
    score: data.score ? pick(data.score, (k) => new Float64Array(k)) : null,
    weights: data.weights ? pick(data.weights, (k) => new Float64Array(k)) : null,
    sensitive: data.sensitive.map((f) => ({ ...f, codes: pick(f.codes, (k) => new Int32Array(k)) })),
    groupCodes: pick(data.groupCodes, (k) => new Int32Array(k)),
    control: data.control.map((f) => ({ ...f, codes: pick(f.codes, (k) => new Int32Array(k)) })),
    controlCodes: data.controlCodes ? pick(data.controlCodes, (k) => new Int32Array(k)) : null,
  };
}

/**
 * Splits the rows into two halves with a seeded shuffle, stratified by group and label so each
 * half holds about half of every (group, label) cell: thresholds fitted on `fit` are measured on
 * `evaluate`, rows the fit never saw.
 */
export function seededHalves(data: FairnessData, seed: number): { fit: Int32Array; evaluate: Int32Array } {
  const rng = createRng(seed);
  const cells = new Map<number, number[]>();
  for (let i = 0; i < data.n; i++) {
    const key = data.groupCodes[i] * 2 + data.y[i];
    let list = cells.get(key);
    if (!list) cells.set(key, (list = []));
    list.push(i);
  }
  const fit: number[] = [];
  const evaluate: number[] = [];
  for (const key of [...cells.keys()].sort((a, b) => a - b)) {
    const list = cells.get(key)!;
    for (let j = list.length - 1; j > 0; j--) {
      const k = Math.floor(rng() * (j + 1));
      [list[j], list[k]] = [list[k], list[j]];
    }
    // An odd cell gives its extra row to a half chosen by the generator, so neither half is always larger.
    const half = list.length % 2 === 0 ? list.length / 2 : Math.floor(list.length / 2) + (rng() < 0.5 ? 1 : 0);
    fit.push(...list.slice(0, half));
    evaluate.push(...list.slice(half));
  }
  return { fit: Int32Array.from(fit.sort((a, b) => a - b)), evaluate: Int32Array.from(evaluate.sort((a, b) => a - b)) };
}

export interface HoldoutThresholdResult extends Omit<ThresholdResult, 'predictions'> {
  /** Predictions of the fitted thresholds on the evaluation rows (in `evaluate` order). */
  predictions: Uint8Array;
  fitRows: number;
  evalRows: number;
  seed: number;
}

/**
 * Group thresholds fitted on one seeded half of the rows and measured (before and after) on the
 * other half, so the reported improvement is not the fit's own optimism. `satisfied` is whether
 * the constraint holds on the evaluation half.
 */
export function optimizeThresholdsHoldout(data: FairnessData, opts: ThresholdOptions & { seed?: number }): HoldoutThresholdResult {
  const seed = opts.seed ?? 0;
  const { fit, evaluate } = seededHalves(data, seed);
  const fitted = optimizeThresholds(subsetData(data, fit), opts);
  const evalData = subsetData(data, evaluate);
  const byKey = new Map(fitted.thresholds.map((t) => [t.group, t.threshold]));
  const thrByGroup = new Float64Array(data.groupCount);
  for (let g = 0; g < data.groupCount; g++) thrByGroup[g] = byKey.get(data.groupKeys[g]) ?? Infinity;
  const predictions = new Uint8Array(evalData.n);
  const score = evalData.score as Float64Array;
  for (let i = 0; i < evalData.n; i++) predictions[i] = score[i] >= thrByGroup[evalData.groupCodes[i]] ? 1 : 0;
  const before = fairnessSummary(evalData, { privileged: opts.privileged });
  const after = fairnessSummary(withOverrides(evalData, { yhat: predictions }), { privileged: opts.privileged });
  const gap = opts.constraint === 'demographic_parity' ? Math.abs(after.demographicParityDifference) : after.equalizedOddsDifference;
  return {
    method: 'group_thresholds',
    constraint: fitted.constraint,
    tolerance: fitted.tolerance,
    thresholds: fitted.thresholds,
    predictions,
    satisfied: Number.isFinite(gap) && gap <= fitted.tolerance + 1e-12,
    before,
    after,
    fitRows: fit.length,
    evalRows: evaluate.length,
    seed,
  };
}
