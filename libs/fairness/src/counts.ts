import type { FairnessData } from './data';

// Every metric in this library is a function of per-cell confusion counts, so one pass over the
// rows is enough. Layout: cell * 4 + (y << 1 | yhat): 0 = TN, 1 = FP, 2 = FN, 3 = TP.
export const TN = 0;
export const FP = 1;
export const FN = 2;
export const TP = 3;

export interface CellCounts {
  cells: number;
  /** Weighted counts (equal to `rows` when the data has no weights). */
  weight: Float64Array;
  /** Row counts, unweighted (Fairlearn's `count`, AIF360's generalized entropy index). */
  rows: Float64Array;
}

/**
 * Counts per cell, where cell = control * groupCount + group. `weights` overrides the data's
 * weights (bootstrap resamples pass multiplicities here).
 */
export function countCells(data: FairnessData, weights: Float64Array | null = data.weights): CellCounts {
  const G = data.groupCount;
  const cells = G * data.controlCount;
  const w = new Float64Array(cells * 4);
  const r = new Float64Array(cells * 4);
  const { y, yhat, groupCodes, controlCodes, n } = data;
  if (controlCodes === null) {
    if (weights === null) {
      const ri = new Int32Array(cells * 4);
      for (let i = 0; i < n; i++) ri[(groupCodes[i] << 2) | (y[i] << 1) | yhat[i]]++;
      for (let k = 0; k < ri.length; k++) r[k] = w[k] = ri[k];
    } else {
      for (let i = 0; i < n; i++) {
        const k = (groupCodes[i] << 2) | (y[i] << 1) | yhat[i];
        r[k]++;
        w[k] += weights[i];
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = ((controlCodes[i] * G + groupCodes[i]) << 2) | (y[i] << 1) | yhat[i];
      r[k]++;
      w[k] += weights === null ? 1 : weights[i];
    }
  }
  return { cells, weight: w, rows: r };
}

/** Sums cells into a new table: `map[cell]` is the target cell (or -1 to drop it). */
export function mergeCells(c: CellCounts, map: Int32Array, targets: number): CellCounts {
  const w = new Float64Array(targets * 4);
  const r = new Float64Array(targets * 4);
  for (let cell = 0; cell < c.cells; cell++) {
    const t = map[cell];
    if (t < 0) continue;
    for (let k = 0; k < 4; k++) {
      w[t * 4 + k] += c.weight[cell * 4 + k];
      r[t * 4 + k] += c.rows[cell * 4 + k];
    }
  }
  return { cells: targets, weight: w, rows: r };
}

export interface Confusion {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  rows: number;
}

export function confusionOf(c: CellCounts, cell: number, weighted = true): Confusion {
  const a = weighted ? c.weight : c.rows;
  const b = cell * 4;
  return {
    tn: a[b + TN],
    fp: a[b + FP],
    fn: a[b + FN],
    tp: a[b + TP],
    rows: c.rows[b] + c.rows[b + 1] + c.rows[b + 2] + c.rows[b + 3],
  };
}
