import type { CalibrationBin, CalibrationShape } from '@meridian/domain';
import type { FairnessData } from './data';
import { FairnessInputError } from './errors';
import type { Notes } from './notes';

/**
 * Bin index as scikit-learn's calibration_curve(strategy='uniform') assigns it:
 * np.searchsorted(np.linspace(0, 1, bins + 1)[1:-1], p) (side 'left'), so a score equal to an
 * inner edge falls in the lower bin and edges are i * (1 / bins) exactly as numpy computes them.
 */
export function calibrationBin(p: number, bins: number, step: number): number {
  let b = Math.floor(p * bins);
  if (b > bins - 1) b = bins - 1;
  while (b > 0 && b * step >= p) b--;
  while (b < bins - 1 && (b + 1) * step < p) b++;
  return b;
}

export interface CalibrationOptions {
  bins?: number;
  notes?: Notes | null;
  path?: string;
}

/**
 * Reliability diagram per group and overall (mean predicted score and fraction of positives per
 * uniform bin; empty bins are left out, as calibration_curve does) and the expected calibration
 * error ECE = sum over bins of (bin weight / total weight) * |fraction positive - mean predicted|.
 */
export function calibrationByGroup(data: FairnessData, opts: CalibrationOptions = {}): CalibrationShape<number> {
  const bins = opts.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new FairnessInputError('INVALID_OPTION', `calibration bins must be a positive integer, got ${bins}`, 'calibrationBins');
  const score = data.score;
  if (!score) throw new FairnessInputError('INVALID_OPTION', 'calibration needs a score column (predicted probabilities)', 'score');
  const G = data.groupCount;
  const step = 1 / bins;
  const w = new Float64Array((G + 1) * bins);
  const ws = new Float64Array((G + 1) * bins);
  const wy = new Float64Array((G + 1) * bins);
  const rows = new Float64Array((G + 1) * bins);
  const { y, groupCodes, weights, n } = data;
  for (let i = 0; i < n; i++) {
    const p = score[i];
    if (!(p >= 0 && p <= 1)) {
      throw new FairnessInputError(
        'INVALID_SCORE',
        `calibration needs probabilities in [0, 1], but score column '${data.spec.score}' has ${p} at row ${i}; rescale the scores or skip calibration`,
        `score[${i}]`,
        'a number in [0, 1]',
      );
    }
    const b = calibrationBin(p, bins, step);
    const wi = weights === null ? 1 : weights[i];
    const k = groupCodes[i] * bins + b;
    w[k] += wi;
    ws[k] += wi * p;
    wy[k] += wi * y[i];
    rows[k]++;
  }
  // Overall row block = sum of the group blocks.
  const o = G * bins;
  for (let g = 0; g < G; g++) {
    for (let b = 0; b < bins; b++) {
      const k = g * bins + b;
      w[o + b] += w[k];
      ws[o + b] += ws[k];
      wy[o + b] += wy[k];
      rows[o + b] += rows[k];
    }
  }
  const block = (start: number): { ece: number; bins: Array<CalibrationBin<number>> } => {
    let total = 0;
    for (let b = 0; b < bins; b++) total += w[start + b];
    const out: Array<CalibrationBin<number>> = [];
    let ece = 0;
    for (let b = 0; b < bins; b++) {
      const k = start + b;
      if (rows[k] === 0) continue;
      const meanPredicted = ws[k] / w[k];
      const fractionPositive = wy[k] / w[k];
      out.push({ lower: b * step, upper: b === bins - 1 ? 1 : (b + 1) * step, rows: rows[k], weight: w[k], meanPredicted, fractionPositive });
      if (w[k] > 0) ece += (w[k] / total) * Math.abs(fractionPositive - meanPredicted);
    }
    return { ece: total > 0 ? ece : NaN, bins: out };
  };
  const byGroup: CalibrationShape<number>['byGroup'] = [];
  for (let g = 0; g < G; g++) {
    let r = 0;
    for (let b = 0; b < bins; b++) r += rows[g * bins + b];
    if (r === 0) continue;
    const res = block(g * bins);
    byGroup.push({ group: data.groupKeys[g], ...res });
    if (opts.notes) {
      const idx = byGroup.length - 1;
      const path = opts.path ?? 'calibration';
      if (Number.isNaN(res.ece)) opts.notes.add(`${path}.byGroup.${idx}.ece`, `the weights of group '${data.groupKeys[g]}' sum to 0`);
      res.bins.forEach((bin, bi) => {
        if (!(bin.weight > 0)) {
          opts.notes!.add(`${path}.byGroup.${idx}.bins.${bi}`, 'the rows in this bin all have weight 0, so its means are 0/0');
        }
      });
    }
  }
  return { bins, overall: block(o), byGroup };
}
