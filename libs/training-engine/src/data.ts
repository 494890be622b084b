// Checks a Dataset2D against a spec and cuts it into batches without leaving JS typed arrays until
// the batch tensor is made, so a batch is one copy into the backend.
import { specFitIssues, specOutputUnits, type ModelSpec } from '@meridian/domain';
import { EngineError, type Dataset2D } from './types';

export function outputUnits(spec: ModelSpec): number {
  return specOutputUnits(spec).units;
}

export function featureSize(spec: ModelSpec): number {
  return spec.inputShape.reduce((a, b) => a * b, 1);
}

/** Throws an EngineError naming the first problem (shape, length, label range, non-finite value). */
export function checkDataset(ds: Dataset2D, spec: ModelSpec, role: string): number {
  const problems: { path: string; message: string }[] = [];
  if (!ds || !(ds.x instanceof Float32Array)) throw new EngineError('INVALID_DATA', `${role}.x must be a Float32Array of row-major features`);
  if (!(ds.y instanceof Float32Array || ds.y instanceof Int32Array)) throw new EngineError('INVALID_DATA', `${role}.y must be a Float32Array or Int32Array with one value per row`);
  if (!Array.isArray(ds.shape) || ds.shape.length < 2 || ds.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new EngineError('INVALID_DATA', `${role}.shape must be [rows, ...featureShape] with non-negative integers, got ${JSON.stringify(ds.shape)}`);
  }
  const n = ds.shape[0];
  const per = ds.shape.slice(1).reduce((a, b) => a * b, 1);
  if (n === 0) problems.push({ path: `${role}.shape`, message: `${role} has no rows` });
  // Input size and output units: the rule run creation applies to the dataset version's profile
  // (specFitIssues in @meridian/domain); labels are checked row by row below.
  for (const issue of specFitIssues(spec, { features: { min: per, max: per }, featuresSay: `${role} rows have ${per} values (shape [${ds.shape.slice(1).join(', ')}])`, label: null })) {
    problems.push({ path: issue.path === 'inputShape' ? `${role}.shape` : `spec.${issue.path}`, message: issue.message });
  }
  if (ds.x.length !== n * per) problems.push({ path: `${role}.x`, message: `${role}.x has ${ds.x.length} values but shape [${ds.shape.join(', ')}] needs ${n * per}` });
  if (ds.y.length !== n) problems.push({ path: `${role}.y`, message: `${role}.y has ${ds.y.length} values but there are ${n} rows` });
  if (problems.length === 0) {
    for (let i = 0; i < ds.x.length; i++) {
      if (!Number.isFinite(ds.x[i])) {
        problems.push({ path: `${role}.x`, message: `row ${Math.floor(i / per)}, feature ${i % per} is ${ds.x[i]}; impute or drop missing values before training` });
        break;
      }
    }
    const units = outputUnits(spec);
    for (let i = 0; i < n; i++) {
      const v = ds.y[i];
      const bad =
        spec.task === 'multiclass'
          ? !Number.isInteger(v) || v < 0 || v >= units
          : spec.task === 'binary'
            ? v !== 0 && v !== 1
            : !Number.isFinite(v);
      if (bad) {
        const expected = spec.task === 'multiclass' ? `a class index in 0..${units - 1}` : spec.task === 'binary' ? '0 or 1' : 'a finite number';
        problems.push({ path: `${role}.y`, message: `row ${i} has label ${v}; expected ${expected}` });
        break;
      }
    }
  }
  if (problems.length > 0) {
    throw new EngineError('INVALID_DATA', `invalid ${role} data:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`, problems);
  }
  return n;
}

/** mulberry32: tiny, fast, and the same sequence on every platform for a given seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return h >>> 0;
}

export function permutation(n: number, seed: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const r = rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

/** Reused per batch size: copying rows into one buffer is the only per-batch JS work. */
export class BatchBuilder {
  private xBuf: Float32Array;
  private yBuf: Float32Array;
  constructor(
    private readonly ds: Dataset2D,
    private readonly per: number,
    private readonly labelWidth: number,
    private readonly oneHot: boolean,
    maxBatch: number,
  ) {
    this.xBuf = new Float32Array(maxBatch * per);
    this.yBuf = new Float32Array(maxBatch * labelWidth);
  }

  fill(order: Int32Array | null, start: number, end: number): { x: Float32Array; y: Float32Array; size: number } {
    const size = end - start;
    const { per, ds } = this;
    const x = this.xBuf.subarray(0, size * per);
    const y = this.yBuf.subarray(0, size * this.labelWidth);
    if (order === null) {
      x.set(ds.x.subarray(start * per, end * per));
    } else {
      for (let b = 0; b < size; b++) {
        const r = order[start + b];
        x.set(ds.x.subarray(r * per, r * per + per), b * per);
      }
    }
    if (this.oneHot) y.fill(0);
    for (let b = 0; b < size; b++) {
      const r = order === null ? start + b : order[start + b];
      if (this.oneHot) y[b * this.labelWidth + ds.y[r]] = 1;
      else y[b] = ds.y[r];
    }
    return { x, y, size };
  }
}
