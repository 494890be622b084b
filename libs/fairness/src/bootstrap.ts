import { FAIRNESS_BASE_METRICS, type FairnessBaseMetric } from '@meridian/domain';
import { countCells } from './counts';
import { withOverrides, type FairnessData } from './data';
import { FairnessInputError } from './errors';
import { baseMetric, type ZeroDivision } from './metric-frame';

/** mulberry32: small, fast, seedable; the same seed gives the same intervals on every machine. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** numpy.percentile with the default 'linear' interpolation, on sorted values. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  reps?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  seed?: number;
}

export interface BootstrapInterval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  reps: number;
  /** Resamples where the statistic was defined; undefined ones are left out and counted here. */
  validReps: number;
  seed: number;
  method: 'percentile';
}

function checkOptions(opts: BootstrapOptions): Required<BootstrapOptions> {
  const reps = opts.reps ?? 1000;
  const level = opts.level ?? 0.95;
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(reps) || reps < 1) throw new FairnessInputError('INVALID_OPTION', `bootstrap reps must be a positive integer, got ${reps}`, 'reps');
  if (!(level > 0 && level < 1)) throw new FairnessInputError('INVALID_OPTION', `bootstrap level must be in (0, 1), got ${level}`, 'level');
  return { reps, level, seed };
}

/** Row multiplicities of one resample with replacement, folded into the data's weights. */
function resampleWeights(data: FairnessData, rand: () => number, mult: Float64Array): Float64Array {
  mult.fill(0);
  const n = data.n;
  for (let i = 0; i < n; i++) mult[Math.floor(rand() * n)]++;
  if (data.weights) for (let i = 0; i < n; i++) mult[i] *= data.weights[i];
  return mult;
}

function interval(estimate: number, values: number[], level: number, reps: number, seed: number): BootstrapInterval {
  const valid = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const a = (1 - level) / 2;
  return {
    estimate,
    lower: percentile(valid, a * 100),
    upper: percentile(valid, (1 - a) * 100),
    level,
    reps,
    validReps: valid.length,
    seed,
    method: 'percentile',
  };
}

/**
 * Percentile bootstrap interval for any statistic of the data: rows are resampled with
 * replacement (as multiplicities on the weights, so the statistic sees an ordinary weighted
 * dataset) `reps` times from a seeded generator.
 */
export function bootstrapInterval(data: FairnessData, statistic: (d: FairnessData) => number, opts: BootstrapOptions = {}): BootstrapInterval {
  const { reps, level, seed } = checkOptions(opts);
  const rand = createRng(seed);
  const mult = new Float64Array(data.n);
  const values: number[] = [];
  for (let r = 0; r < reps; r++) values.push(statistic(withOverrides(data, { weights: resampleWeights(data, rand, mult) })));
  return interval(statistic(data), values, level, reps, seed);
}

export interface GroupInterval extends BootstrapInterval {
  group: string;
  metric: FairnessBaseMetric;
}

/** Intervals for every base metric of every non-empty group, one count pass per resample. */
export function bootstrapGroupMetrics(
  data: FairnessData,
  opts: BootstrapOptions & { metrics?: FairnessBaseMetric[]; zeroDivision?: ZeroDivision } = {},
): GroupInterval[] {
  const { reps, level, seed } = checkOptions(opts);
  const metrics = opts.metrics ?? FAIRNESS_BASE_METRICS.filter((m) => m !== 'count');
  const zd = opts.zeroDivision ?? 'reference';
  const G = data.groupCount;
  const flat = { ...data, controlCodes: null, controlCount: 1 };
  const evalAll = (weights: Float64Array | null): number[] => {
    const c = countCells(flat, weights);
    const out: number[] = [];
    for (let g = 0; g < G; g++) {
      const b = g * 4;
      const rows = c.rows[b] + c.rows[b + 1] + c.rows[b + 2] + c.rows[b + 3];
      for (const m of metrics) {
        // A group absent from a resample has no value there (not 0): it is left out of that rep.
        const positive = c.weight[b] + c.weight[b + 1] + c.weight[b + 2] + c.weight[b + 3] > 0;
        out.push(rows === 0 || !positive ? NaN : baseMetric(m, c.weight[b], c.weight[b + 1], c.weight[b + 2], c.weight[b + 3], rows, zd).value);
      }
    }
    return out;
  };
  const estimate = evalAll(data.weights);
  const samples: number[][] = estimate.map(() => []);
  const rand = createRng(seed);
  const mult = new Float64Array(data.n);
  for (let r = 0; r < reps; r++) {
    const v = evalAll(resampleWeights(data, rand, mult));
    for (let k = 0; k < v.length; k++) samples[k].push(v[k]);
  }
  const out: GroupInterval[] = [];
  for (let g = 0; g < G; g++) {
    if (Number.isNaN(estimate[g * metrics.length])) continue;
    metrics.forEach((m, j) => {
      const k = g * metrics.length + j;
      out.push({ group: data.groupKeys[g], metric: m, ...interval(estimate[k], samples[k], level, reps, seed) });
    });
  }
  return out;
}
