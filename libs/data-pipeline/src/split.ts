// Seeded splits. Stratification keeps each class's share the same in every part, and the part
// sizes still add up to the requested fractions of the whole (largest-remainder allocation).
import { DataError } from './errors';
import { createRng, shuffleInPlace } from './rng';

export interface SplitOptions {
  /** Train, validation, test fractions; must sum to 1 (default 0.8, 0.1, 0.1). */
  fractions?: [number, number, number];
  seed?: number;
  /** Class of each row (any comparable key): rows are split per class. */
  stratify?: ArrayLike<string | number>;
}

export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Integer counts proportional to `weights`, summing to `total` (largest remainder). */
function allocate(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum === 0 ? 0 : (w / sum) * total));
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}

function groups(n: number, stratify: ArrayLike<string | number> | undefined): number[][] {
  if (!stratify) return [Array.from({ length: n }, (_, i) => i)];
  if (stratify.length !== n) throw new DataError('INVALID_ARGUMENT', `stratify has ${stratify.length} labels for ${n} rows`);
  const by = new Map<string | number, number[]>();
  for (let i = 0; i < n; i++) {
    const k = stratify[i];
    let g = by.get(k);
    if (!g) by.set(k, (g = []));
    g.push(i);
  }
  return [...by.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => by.get(k)!);
}

export function trainValTestSplit(n: number, options: SplitOptions = {}): SplitIndices {
  const fr = options.fractions ?? [0.8, 0.1, 0.1];
  if (fr.some((f) => f < 0) || Math.abs(fr[0] + fr[1] + fr[2] - 1) > 1e-9) {
    throw new DataError('INVALID_ARGUMENT', `split fractions must be >= 0 and sum to 1, got ${fr.join(', ')}`);
  }
  const rng = createRng(options.seed ?? 42);
  const gs = groups(n, options.stratify).map((g) => shuffleInPlace(g, rng));
  const sizes = gs.map((g) => g.length);
  const testTotal = Math.round(n * fr[2]);
  const valTotal = Math.round(n * fr[1]);
  const testPer = allocate(sizes, testTotal);
  const valPer = allocate(
    sizes.map((s, i) => s - testPer[i]),
    valTotal,
  );
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  gs.forEach((g, i) => {
    test.push(...g.slice(0, testPer[i]));
    validation.push(...g.slice(testPer[i], testPer[i] + valPer[i]));
    train.push(...g.slice(testPer[i] + valPer[i]));
  });
  // Mix classes so batches are not sorted by class.
  return {
    train: shuffleInPlace(Int32Array.from(train), rng),
    validation: shuffleInPlace(Int32Array.from(validation), rng),
    test: shuffleInPlace(Int32Array.from(test), rng),
  };
}

export interface Fold {
  train: Int32Array;
  validation: Int32Array;
}

/** k folds; every row is in exactly one validation part. Stratified when labels are given. */
export function kFold(n: number, k: number, options: { seed?: number; stratify?: ArrayLike<string | number> } = {}): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > n) throw new DataError('INVALID_ARGUMENT', `k must be an integer between 2 and the number of rows (${n}), got ${k}`);
  const rng = createRng(options.seed ?? 42);
  const order = groups(n, options.stratify).flatMap((g) => shuffleInPlace(g, rng));
  const fold = new Int32Array(n);
  order.forEach((row, pos) => (fold[row] = pos % k));
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const validation: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? validation : train).push(i);
    return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
  });
}
