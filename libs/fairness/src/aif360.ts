import type { PrivilegedMetricsShape } from '@meridian/domain';
import { countCells, type CellCounts } from './counts';
import { groupCounts } from './metric-frame';
import type { FairnessData } from './data';
import { FairnessInputError } from './errors';
import type { Notes } from './notes';

/** Column -> accepted values. A row belongs when, for every listed column, its value is one of them. */
export type GroupCondition = Record<string, Array<string | number | boolean>>;

/** Marks each intersectional group: 1 privileged, 2 unprivileged, 0 neither. */
export function privilegeOfGroups(data: FairnessData, privileged: GroupCondition, unprivileged?: GroupCondition): Uint8Array {
  const matcher = (cond: GroupCondition, role: string) => {
    const checks = Object.entries(cond).map(([col, vals]) => {
      const j = data.sensitive.findIndex((f) => f.name === col);
      if (j < 0) {
        throw new FairnessInputError(
          'UNKNOWN_COLUMN',
          `${role} column '${col}' is not one of the sensitive features (${data.sensitive.map((f) => f.name).join(', ')}): add it to --sensitive or fix the name`,
          role,
        );
      }
      if (!Array.isArray(vals) || vals.length === 0) {
        throw new FairnessInputError('INVALID_OPTION', `${role} condition on '${col}' lists no values`, `${role}.${col}`);
      }
      const wanted = vals.map(String);
      for (const v of wanted) {
        if (!data.sensitive[j].levels.includes(v)) {
          throw new FairnessInputError(
            'EMPTY_GROUP',
            `${role} group ${col}=${v} has no members: '${col}' takes the values ${data.sensitive[j].levels.map((x) => `'${x}'`).join(', ')}`,
            `${role}.${col}`,
            `one of ${data.sensitive[j].levels.join(', ')}`,
          );
        }
      }
      return { j, wanted: new Set(wanted) };
    });
    return (g: number) => checks.every(({ j, wanted }) => wanted.has(data.groupValues[g][j]));
  };
  const isPriv = matcher(privileged, 'privileged');
  const isUnpriv = unprivileged ? matcher(unprivileged, 'unprivileged') : (g: number) => !isPriv(g);
  const out = new Uint8Array(data.groupCount);
  for (let g = 0; g < data.groupCount; g++) {
    const p = isPriv(g);
    const u = isUnpriv(g);
    if (p && u) {
      throw new FairnessInputError('INVALID_OPTION', `group '${data.groupKeys[g]}' matches both the privileged and the unprivileged definition`, 'unprivileged');
    }
    out[g] = p ? 1 : u ? 2 : 0;
  }
  return out;
}

interface Side {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  total: number;
  rows: number;
}

function side(c: CellCounts, cell: number): Side {
  const b = cell * 4;
  const [tn, fp, fn, tp] = [c.weight[b], c.weight[b + 1], c.weight[b + 2], c.weight[b + 3]];
  return { tn, fp, fn, tp, total: tn + fp + fn + tp, rows: c.rows[b] + c.rows[b + 1] + c.rows[b + 2] + c.rows[b + 3] };
}

/**
 * AIF360's generalized entropy index over b_i = yhat_i - y_i + 1 given as (count, b) parts,
 * with the exact numpy expressions of ClassificationMetric.generalized_entropy_index:
 * alpha = 1: mean(log((b/mu)^b) / mu); alpha = 0: -mean(log(b/mu) / mu);
 * otherwise mean((b/mu)^alpha - 1) / (alpha (alpha - 1)).
 */
export function generalizedEntropyIndex(parts: Array<[count: number, b: number]>, alpha: number): number {
  let n = 0;
  let sb = 0;
  for (const [c, b] of parts) {
    n += c;
    sb += c * b;
  }
  if (n === 0) return NaN;
  const mu = sb / n;
  let s = 0;
  for (const [c, b] of parts) {
    if (c === 0) continue;
    const r = b / mu;
    if (alpha === 1) s += (c * Math.log(Math.pow(r, b))) / mu;
    else if (alpha === 0) s += (c * Math.log(r)) / mu;
    else s += c * (Math.pow(r, alpha) - 1);
  }
  if (alpha === 1) return s / n;
  if (alpha === 0) return -s / n;
  return s / n / (alpha * (alpha - 1));
}

function bParts(c: CellCounts, cell: number): Array<[number, number]> {
  const b = cell * 4;
  // rows only: AIF360 computes these indices without instance weights
  return [
    [c.rows[b + 2], 0], // FN: yhat 0, y 1
    [c.rows[b] + c.rows[b + 3], 1], // TN, TP
    [c.rows[b + 1], 2], // FP
  ];
}

function meanB(c: CellCounts, cell: number): number {
  const b = cell * 4;
  const n = c.rows[b] + c.rows[b + 1] + c.rows[b + 2] + c.rows[b + 3];
  return (c.rows[b] + c.rows[b + 3] + 2 * c.rows[b + 1]) / n;
}

export interface PrivilegedOptions {
  privileged: GroupCondition;
  unprivileged?: GroupCondition;
  alpha?: number;
  counts?: CellCounts;
  notes?: Notes | null;
  path?: string;
}

/**
 * AIF360 ClassificationMetric: privileged versus unprivileged, differences as unprivileged minus
 * privileged and ratios as unprivileged over privileged, instance weights in every count;
 * rates with a zero denominator are NaN (numpy float division), never 0.
 */
export function privilegedMetrics(data: FairnessData, opts: PrivilegedOptions): PrivilegedMetricsShape<number> {
  const alpha = opts.alpha ?? 2;
  if (!Number.isFinite(alpha)) throw new FairnessInputError('INVALID_OPTION', 'alpha must be a finite number', 'alpha');
  const counts = groupCounts(data, opts.counts ?? countCells(data));
  const priv = privilegeOfGroups(data, opts.privileged, opts.unprivileged);
  const merged = mergeSides(counts, priv);
  const p = side(merged, 1);
  const u = side(merged, 2);
  const names = Object.entries(opts.privileged).map(([k, v]) => `${k}=${v.join('/')}`).join(', ');
  if (p.rows === 0) throw new FairnessInputError('EMPTY_GROUP', `the privileged group (${names}) has no members in this data`, 'privileged');
  if (u.rows === 0) throw new FairnessInputError('EMPTY_GROUP', `the unprivileged group (everyone not ${names}) has no members in this data`, 'unprivileged');

  const notes = opts.notes ?? null;
  const path = opts.path ?? 'aif360';
  const div = (a: number, b: number, key: string, why: string) => {
    const v = a / b;
    if (!Number.isFinite(v) && notes) notes.add(`${path}.${key}`, why);
    return v;
  };
  const rates = (s: Side, who: 'privileged' | 'unprivileged') => ({
    sr: div(s.tp + s.fp, s.total, `selectionRate.${who}`, `the ${who} group's weights sum to 0`),
    br: div(s.tp + s.fn, s.total, `baseRate.${who}`, `the ${who} group's weights sum to 0`),
    tpr: div(s.tp, s.tp + s.fn, `truePositiveRate.${who}`, `the ${who} group has no positive labels (TP + FN = 0): AIF360 gives NaN`),
    fpr: div(s.fp, s.fp + s.tn, `falsePositiveRate.${who}`, `the ${who} group has no negative labels (FP + TN = 0): AIF360 gives NaN`),
    fnr: div(s.fn, s.tp + s.fn, `falseNegativeRate.${who}`, `the ${who} group has no positive labels (TP + FN = 0): AIF360 gives NaN`),
    err: div(s.fp + s.fn, s.total, `errorRate.${who}`, `the ${who} group's weights sum to 0`),
  });
  const rp = rates(p, 'privileged');
  const ru = rates(u, 'unprivileged');
  const derived = (key: string, v: number, deps: string) => {
    if (!Number.isFinite(v) && notes) {
      notes.add(`${path}.${key}`, Number.isNaN(v) ? `undefined because ${deps}` : `division by zero: ${deps}`);
    }
    return v;
  };
  const di = derived(
    'disparateImpact',
    ru.sr / rp.sr,
    rp.sr === 0 ? (ru.sr === 0 ? 'both groups have selection rate 0 (0/0)' : 'the privileged selection rate is 0 (x/0 = Infinity)') : 'a selection rate is undefined',
  );
  const eod = derived('equalOpportunityDifference', ru.tpr - rp.tpr, 'a true positive rate is undefined (a group has no positive labels)');
  const fprd = derived('falsePositiveRateDifference', ru.fpr - rp.fpr, 'a false positive rate is undefined (a group has no negative labels)');
  const fnrd = derived('falseNegativeRateDifference', ru.fnr - rp.fnr, 'a false negative rate is undefined (a group has no positive labels)');
  const aod = derived('averageOddsDifference', 0.5 * (ru.fpr - rp.fpr + (ru.tpr - rp.tpr)), 'a TPR or FPR is undefined (a group lacks positive or negative labels)');
  const aaod = derived(
    'averageAbsOddsDifference',
    0.5 * (Math.abs(ru.fpr - rp.fpr) + Math.abs(ru.tpr - rp.tpr)),
    'a TPR or FPR is undefined (a group lacks positive or negative labels)',
  );

  // Generalized entropy indices, unweighted as in AIF360.
  const all = mergeSides(counts, new Uint8Array(data.groupCount).fill(1));
  const gei = (a: number) => generalizedEntropyIndex(bParts(all, 1), a);
  const betweenGroup = (a: number) => {
    const parts: Array<[number, number]> = [
      [p.rows, meanB(merged, 1)],
      [u.rows, meanB(merged, 2)],
    ];
    const neither = side(merged, 0).rows;
    // AIF360 leaves b = 0 for rows in neither group (np.zeros initialisation)
    if (neither > 0) parts.push([neither, 0]);
    return generalizedEntropyIndex(parts, a);
  };
  const betweenAll = (a: number) => {
    const parts: Array<[number, number]> = [];
    for (let g = 0; g < data.groupCount; g++) {
      const rows = side(counts, g).rows;
      if (rows > 0) parts.push([rows, meanB(counts, g)]);
    }
    return generalizedEntropyIndex(parts, a);
  };
  const explainGei = (key: string, v: number) => {
    if (!Number.isFinite(v) && notes) {
      notes.add(
        `${path}.${key}`,
        Number.isNaN(v) ? 'every b_i is 0 (every prediction is a false negative), so b / mean(b) is 0/0' : 'alpha <= 0 with some b_i = 0 (false negatives): log(0) or 0^alpha is infinite',
      );
    }
    return v;
  };
  return {
    privileged: Object.fromEntries(Object.entries(opts.privileged).map(([k, v]) => [k, v.map(String)])),
    privilegedRows: p.rows,
    unprivilegedRows: u.rows,
    privilegedWeight: p.total,
    unprivilegedWeight: u.total,
    selectionRate: { privileged: rp.sr, unprivileged: ru.sr },
    baseRate: { privileged: rp.br, unprivileged: ru.br },
    truePositiveRate: { privileged: rp.tpr, unprivileged: ru.tpr },
    falsePositiveRate: { privileged: rp.fpr, unprivileged: ru.fpr },
    falseNegativeRate: { privileged: rp.fnr, unprivileged: ru.fnr },
    errorRate: { privileged: rp.err, unprivileged: ru.err },
    disparateImpact: di,
    statisticalParityDifference: ru.sr - rp.sr,
    equalOpportunityDifference: eod,
    averageOddsDifference: aod,
    averageAbsOddsDifference: aaod,
    falsePositiveRateDifference: fprd,
    falseNegativeRateDifference: fnrd,
    errorRateDifference: ru.err - rp.err,
    // aif360.sklearn class_imbalance: difference(num_samples) / num_samples(all rows)
    classImbalance: (u.total - p.total) / (u.total + p.total + side(merged, 0).total),
    alpha,
    generalizedEntropyIndex: explainGei('generalizedEntropyIndex', gei(alpha)),
    theilIndex: explainGei('theilIndex', gei(1)),
    coefficientOfVariation: explainGei('coefficientOfVariation', 2 * Math.sqrt(gei(2))),
    betweenGroupGeneralizedEntropyIndex: explainGei('betweenGroupGeneralizedEntropyIndex', betweenGroup(alpha)),
    betweenGroupTheilIndex: explainGei('betweenGroupTheilIndex', betweenGroup(1)),
    betweenGroupCoefficientOfVariation: explainGei('betweenGroupCoefficientOfVariation', 2 * Math.sqrt(betweenGroup(2))),
    betweenAllGroupsGeneralizedEntropyIndex: explainGei('betweenAllGroupsGeneralizedEntropyIndex', betweenAll(alpha)),
    betweenAllGroupsTheilIndex: explainGei('betweenAllGroupsTheilIndex', betweenAll(1)),
    betweenAllGroupsCoefficientOfVariation: explainGei('betweenAllGroupsCoefficientOfVariation', 2 * Math.sqrt(betweenAll(2))),
  };
}

/** Sums group cells into 3 sides by `side[g]` (0 neither, 1 privileged, 2 unprivileged). */
function mergeSides(counts: CellCounts, sides: Uint8Array): CellCounts {
  const w = new Float64Array(12);
  const r = new Float64Array(12);
  for (let g = 0; g < sides.length; g++) {
    const s = sides[g];
    for (let k = 0; k < 4; k++) {
      w[s * 4 + k] += counts.weight[g * 4 + k];
      r[s * 4 + k] += counts.rows[g * 4 + k];
    }
  }
  return { cells: 3, weight: w, rows: r };
}
