// Preprocessing fitted on the training split only, then applied unchanged to validation, test and
// prediction data. The fitted state is plain JSON (validated by a Zod schema when loaded) so it is
// saved beside the model and a prediction sees exactly the inputs training saw.
import { z } from 'zod';
import { DataError } from './errors';
import { booleanValue, parseDate } from './profile';
import { column, columnStrings, type Table } from './table';

/** What crosses into the training engine: row-major features and labels as typed arrays. */
export interface Dataset2D {
  /** Row-major features, shape[0] rows of shape[1..] each. */
  x: Float32Array;
  /** [n, ...featureShape]. */
  shape: number[];
  /** Class indices (classification) or targets (regression). */
  y: Float32Array | Int32Array;
}

const col = z.string().min(1);
const finite = z.number().finite();
export const ZFeatureTransform = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standardize'), column: col, mean: finite, std: finite.positive(), fill: finite }),
  z.object({ kind: z.literal('minmax'), column: col, min: finite, max: finite, fill: finite }),
  z.object({ kind: z.literal('scale'), column: col, factor: finite, fill: finite }),
  z.object({ kind: z.literal('identity'), column: col, fill: finite }),
  /** One output per category plus a last one for unknown or missing values. */
  z.object({ kind: z.literal('onehot'), column: col, categories: z.array(z.string()) }),
  /** Label encoding of a feature: index of the category, categories.length when unknown. */
  z.object({ kind: z.literal('ordinal'), column: col, categories: z.array(z.string()) }),
  z.object({ kind: z.literal('boolean'), column: col, fill: z.union([z.literal(0), z.literal(1)]) }),
  /** Days since 1970-01-01, standardised. */
  z.object({ kind: z.literal('date'), column: col, mean: finite, std: finite.positive(), fill: finite }),
]);
export type FeatureTransform = z.infer<typeof ZFeatureTransform>;

export const ZTargetEncoding = z.discriminatedUnion('task', [
  z.object({ task: z.literal('classification'), column: col, classes: z.array(z.string()).min(2) }),
  /** Targets are standardised with the training mean and std; decodeTargets undoes it. */
  z.object({ task: z.literal('regression'), column: col, mean: finite, std: finite.positive() }),
]);
export type TargetEncoding = z.infer<typeof ZTargetEncoding>;

export const ZPreprocessing = z.object({
  version: z.literal(1),
  features: z.array(ZFeatureTransform),
  target: ZTargetEncoding.nullable(),
  /** Features per row after encoding. */
  width: z.number().int().positive(),
  /** Shape of one example: [width], or the reshape asked for (e.g. [8, 8, 1]). */
  featureShape: z.array(z.number().int().positive()).min(1),
  /** Columns left out, and why (free text, constant...). */
  dropped: z.array(z.object({ column: z.string(), reason: z.string() })),
});
export type Preprocessing = z.infer<typeof ZPreprocessing>;

/** One-hot keeps at most this many categories of a column by default (plus the unknown bucket). */
export const DEFAULT_MAX_CATEGORIES = 50;
/** task 'auto': a numeric label of integers with at most this many distinct values is classes. */
export const MAX_CLASS_LABEL_VALUES = 50;

export type NumericScaling = 'standardize' | 'minmax' | 'scale255' | 'none';

export interface FitOptions {
  /** The target column; omit for unsupervised use. */
  label?: string;
  task?: 'classification' | 'regression' | 'auto';
  /** How numeric features are scaled (default standardize). scale255 multiplies by 1/255. */
  numeric?: NumericScaling;
  categorical?: 'onehot' | 'ordinal';
  /** Columns to leave out (ids, leaks). */
  exclude?: string[];
  /** Shape of one example, e.g. [8, 8, 1] for 8x8 grey images; its product must equal the width. */
  reshape?: number[];
  /** One-hot keeps the most frequent categories up to this many; the rest share the unknown bucket. */
  maxCategories?: number;
  /**
   * The label's classes, when known beyond the training split (e.g. from the whole file): a rare
   * class that a split leaves out of training still gets an index. Knowing the class names leaks
   * nothing about the features.
   */
  classes?: string[];
}

function naturalSort(values: string[]): string[] {
  const allNum = values.every((v) => v.trim() !== '' && !Number.isNaN(Number(v)));
  return allNum ? [...values].sort((a, b) => Number(a) - Number(b)) : [...values].sort();
}

function presentNumbers(values: Float64Array): Float64Array {
  return values.filter((v) => v === v);
}

/** Fits preprocessing on `train` (the training split only: fitting on all data leaks the test set). */
export function fitPreprocessing(train: Table, options: FitOptions = {}): Preprocessing {
  if (train.rowCount === 0) throw new DataError('EMPTY_INPUT', 'cannot fit preprocessing on zero rows');
  const exclude = new Set(options.exclude ?? []);
  for (const name of exclude) column(train, name);
  const scaling = options.numeric ?? 'standardize';
  const features: FeatureTransform[] = [];
  const dropped: Preprocessing['dropped'] = [];
  let target: TargetEncoding | null = null;

  if (options.label !== undefined) {
    const lc = column(train, options.label);
    let task = options.task ?? 'auto';
    if (task === 'auto') {
      if (lc.kind !== 'numeric') task = 'classification';
      else {
        const vals = presentNumbers(lc.values);
        const distinct = new Set(vals).size;
        task = vals.every((v) => Number.isInteger(v)) && distinct <= MAX_CLASS_LABEL_VALUES ? 'classification' : 'regression';
      }
    }
    if (task === 'regression') {
      if (lc.kind !== 'numeric') throw new DataError('INVALID_ARGUMENT', `label "${lc.name}" is ${lc.kind}; regression needs a numeric label`, { column: lc.name });
      const ys = presentNumbers(lc.values);
      if (ys.length === 0) throw new DataError('INVALID_ARGUMENT', `label "${lc.name}" has no values in the training rows`, { column: lc.name });
      const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
      const std = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length);
      target = { task: 'regression', column: lc.name, mean, std: std > 1e-12 ? std : 1 };
    } else {
      const seen = new Set(columnStrings(lc).filter((v): v is string => v !== null));
      for (const k of options.classes ?? []) seen.add(k);
      const classes = naturalSort([...seen]);
      if (classes.length < 2) {
        throw new DataError('INVALID_ARGUMENT', `label "${lc.name}" has ${classes.length} class in the training rows; classification needs at least 2`, { column: lc.name });
      }
      target = { task: 'classification', column: lc.name, classes };
    }
  }

  for (const c of train.columns) {
    if (c.name === options.label || exclude.has(c.name)) continue;
    if (c.kind === 'numeric') {
      const v = presentNumbers(c.values);
      if (v.length === 0) {
        dropped.push({ column: c.name, reason: 'no values in the training split' });
        continue;
      }
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const x of v) {
        sum += x;
        if (x < min) min = x;
        if (x > max) max = x;
      }
      const mean = sum / v.length;
      let ss = 0;
      for (const x of v) ss += (x - mean) ** 2;
      const std = Math.sqrt(ss / v.length);
      // Missing numbers become the training mean: after scaling that is the neutral value.
      if (scaling === 'standardize') features.push({ kind: 'standardize', column: c.name, mean, std: std > 1e-12 ? std : 1, fill: mean });
      else if (scaling === 'minmax') features.push({ kind: 'minmax', column: c.name, min, max, fill: mean });
      else if (scaling === 'scale255') features.push({ kind: 'scale', column: c.name, factor: 1 / 255, fill: mean });
      else features.push({ kind: 'identity', column: c.name, fill: mean });
    } else if (c.kind === 'boolean') {
      const vals = c.values.filter((s): s is string => s !== null).map(booleanValue);
      const ones = vals.reduce<number>((a, b) => a + b, 0);
      features.push({ kind: 'boolean', column: c.name, fill: ones * 2 >= vals.length ? 1 : 0 });
    } else if (c.kind === 'date') {
      const days = c.values.map((s) => (s === null ? NaN : parseDate(s) / 86_400_000)).filter((d) => d === d);
      if (days.length === 0) {
        dropped.push({ column: c.name, reason: 'no dates in the training split' });
        continue;
      }
      const mean = days.reduce((a, b) => a + b, 0) / days.length;
      const std = Math.sqrt(days.reduce((a, b) => a + (b - mean) ** 2, 0) / days.length);
      features.push({ kind: 'date', column: c.name, mean, std: std > 1e-12 ? std : 1, fill: mean });
    } else if (c.kind === 'categorical') {
      const counts = new Map<string, number>();
      for (const s of c.values) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
      if ((options.categorical ?? 'onehot') === 'onehot') {
        const max = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
        const kept = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max).map(([k]) => k);
        features.push({ kind: 'onehot', column: c.name, categories: naturalSort(kept) });
      } else {
        features.push({ kind: 'ordinal', column: c.name, categories: naturalSort([...counts.keys()]) });
      }
    } else {
      dropped.push({ column: c.name, reason: 'free text is not encoded; exclude it or turn it into categories' });
    }
  }
  const width = features.reduce((w, f) => w + featureWidth(f), 0);
  if (width === 0) throw new DataError('INVALID_ARGUMENT', 'no usable feature columns: every column is the label, excluded, or free text');
  let featureShape = [width];
  if (options.reshape) {
    const prod = options.reshape.reduce((a, b) => a * b, 1);
    if (prod !== width || options.reshape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new DataError('INVALID_ARGUMENT', `cannot reshape ${width} features to [${options.reshape.join(', ')}] (${prod} values)`);
    }
    featureShape = [...options.reshape];
  }
  return { version: 1, features, target, width, featureShape, dropped };
}

function featureWidth(f: FeatureTransform): number {
  return f.kind === 'onehot' ? f.categories.length + 1 : 1;
}

export interface TransformResult extends Dataset2D {
  /** Present when the label column is in the table. */
  hasLabels: boolean;
}

/** Applies fitted preprocessing. Labels are encoded when the label column is present. */
export function applyPreprocessing(table: Table, state: Preprocessing): TransformResult {
  const n = table.rowCount;
  const w = state.width;
  const x = new Float32Array(n * w);
  let offset = 0;
  for (const f of state.features) {
    const c = column(table, f.column);
    if (f.kind === 'onehot' || f.kind === 'ordinal') {
      const vals = columnStrings(c);
      const index = new Map(f.categories.map((k, i) => [k, i]));
      const unknown = f.categories.length;
      for (let r = 0; r < n; r++) {
        const v = vals[r];
        const i = v === null ? unknown : (index.get(v) ?? unknown);
        if (f.kind === 'onehot') x[r * w + offset + i] = 1;
        else x[r * w + offset] = i;
      }
      offset += featureWidth(f);
      continue;
    }
    if (f.kind === 'boolean') {
      const vals = columnStrings(c);
      for (let r = 0; r < n; r++) {
        const v = vals[r];
        x[r * w + offset] = v === null ? f.fill : c.kind === 'numeric' ? (Number(v) !== 0 ? 1 : 0) : booleanValue(v);
      }
      offset++;
      continue;
    }
    if (f.kind === 'date') {
      const vals = columnStrings(c);
      for (let r = 0; r < n; r++) {
        const v = vals[r];
        const d = v === null ? NaN : parseDate(v) / 86_400_000;
        x[r * w + offset] = ((d === d ? d : f.fill) - f.mean) / f.std;
      }
      offset++;
      continue;
    }
    if (c.kind !== 'numeric') {
      throw new DataError('WRONG_TYPE', `column "${c.name}" was numeric when the preprocessing was fitted but now holds ${c.kind} values`, { column: c.name });
    }
    const v = c.values;
    for (let r = 0; r < n; r++) {
      const raw = v[r] === v[r] ? v[r] : f.fill;
      let out: number;
      if (f.kind === 'standardize') out = (raw - f.mean) / f.std;
      else if (f.kind === 'minmax') out = f.max > f.min ? (raw - f.min) / (f.max - f.min) : 0;
      else if (f.kind === 'scale') out = raw * f.factor;
      else out = raw;
      x[r * w + offset] = out;
    }
    offset++;
  }
  const shape = [n, ...state.featureShape];
  const t = state.target;
  const lc = t ? table.columns.find((c) => c.name === t.column) : undefined;
  if (!t || !lc) return { x, shape, y: new Int32Array(0), hasLabels: false };
  if (t.task === 'regression') {
    if (lc.kind !== 'numeric') throw new DataError('WRONG_TYPE', `label "${lc.name}" must be numeric for regression`, { column: lc.name });
    const y = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      if (lc.values[r] !== lc.values[r]) throw new DataError('WRONG_TYPE', `label "${lc.name}" is missing in row ${r + 1}; drop rows without a label first`, { column: lc.name });
      y[r] = (lc.values[r] - t.mean) / t.std;
    }
    return { x, shape, y, hasLabels: true };
  }
  const index = new Map(t.classes.map((k, i) => [k, i]));
  const vals = columnStrings(lc);
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const v = vals[r];
    const i = v === null ? undefined : index.get(v);
    if (i === undefined) {
      throw new DataError(
        'WRONG_TYPE',
        v === null
          ? `label "${lc.name}" is missing in row ${r + 1}; drop rows without a label first`
          : `label "${lc.name}" has value "${v}" in row ${r + 1}, a class not seen in training (known: ${t.classes.slice(0, 20).join(', ')})`,
        { column: lc.name },
      );
    }
    y[r] = i;
  }
  return { x, shape, y, hasLabels: true };
}

/** Class names for predicted class indices. */
export function decodeClasses(state: Preprocessing, indices: ArrayLike<number>): string[] {
  if (!state.target || state.target.task !== 'classification') throw new DataError('INVALID_ARGUMENT', 'the preprocessing has no classification target');
  const classes = state.target.classes;
  return Array.from(indices, (i) => classes[i] ?? String(i));
}

/** Model outputs for a regression target back in the label's units. */
export function decodeTargets(state: Preprocessing, values: ArrayLike<number>): Float64Array {
  const t = state.target;
  if (!t || t.task !== 'regression') throw new DataError('INVALID_ARGUMENT', 'the preprocessing has no regression target');
  return Float64Array.from(values, (v) => v * t.std + t.mean);
}

/** Validates preprocessing loaded from JSON, with every problem and its path. */
export function parsePreprocessing(json: unknown): Preprocessing {
  const r = ZPreprocessing.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DataError('INVALID_ARGUMENT', `preprocessing state is invalid: ${issues}`);
  }
  return r.data;
}

/** Pixel values scaled by 1/255 (the usual MNIST-style input scaling). */
export function scale255(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] / 255;
  return out;
}

/** Checks that a flat array can hold [n, ...shape] and returns the full shape. */
export function reshape(data: ArrayLike<number>, featureShape: number[]): number[] {
  const per = featureShape.reduce((a, b) => a * b, 1);
  if (per <= 0 || data.length % per !== 0) throw new DataError('INVALID_ARGUMENT', `${data.length} values do not divide into examples of shape [${featureShape.join(', ')}]`);
  return [data.length / per, ...featureShape];
}
