import { FairnessInputError } from './errors';

export type Primitive = string | number | boolean;
/** Columns by name: plain arrays (as parsed from CSV/JSON) or typed arrays. */
export type Columns = Record<string, ArrayLike<unknown>>;

export interface DataSpec {
  label: string;
  /** Column of binary predictions; without it, `score >= threshold` is the prediction. */
  prediction?: string;
  /** Column of scores/probabilities (needed for calibration and threshold mitigation). */
  score?: string;
  threshold?: number;
  sensitive: string[];
  control?: string[];
  weight?: string;
  /** Value of label and prediction that means "positive"/"favourable"; default 1 (or true). */
  positiveLabel?: Primitive;
}

export interface EncodedFeature {
  name: string;
  /** Distinct values, sorted like numpy.unique (numerically when every value is a number). */
  levels: string[];
  codes: Int32Array;
}

/** Validated, integer-coded input: every computation in this library runs on this. */
export interface FairnessData {
  n: number;
  y: Uint8Array;
  yhat: Uint8Array;
  score: Float64Array | null;
  /** null means every row weighs 1 (faster paths, and `count` equals the weight). */
  weights: Float64Array | null;
  sensitive: EncodedFeature[];
  /** Intersection code per row: mixed radix over the sensitive levels (every combination is a group). */
  groupCodes: Int32Array;
  groupCount: number;
  groupKeys: string[];
  groupValues: string[][];
  control: EncodedFeature[];
  controlCodes: Int32Array | null;
  controlCount: number;
  controlValues: string[][];
  spec: {
    label: string;
    prediction: string | null;
    score: string | null;
    threshold: number | null;
    weight: string | null;
    positiveLabel: string;
  };
}

const MAX_CELLS = 100_000;
export const GROUP_SEPARATOR = '|';

function column(columns: Columns, name: string, role: string): ArrayLike<unknown> {
  const col = columns[name];
  if (col === undefined || col === null || typeof col.length !== 'number') {
    const known = Object.keys(columns);
    const list = known.slice(0, 20).join(', ') + (known.length > 20 ? `, … (${known.length} columns)` : '');
    throw new FairnessInputError(
      'UNKNOWN_COLUMN',
      `unknown ${role} column '${name}': the data has no such column (columns: ${list || 'none'}); check the spelling or the file's header`,
      role,
      `one of: ${list}`,
    );
  }
  return col;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

function missing(role: string, name: string, i: number): FairnessInputError {
  return new FairnessInputError(
    'MISSING_VALUE',
    `${role} column '${name}' has no value at row ${i} (0-based): drop or fill rows with missing values before the audit`,
    `${role}[${i}]`,
  );
}

const POSITIVE_DEFAULTS = new Set(['1', 'true', 'True', 'TRUE']);
const NEGATIVE_DEFAULTS = new Set(['0', '-1', 'false', 'False', 'FALSE']);

function distinctValues(col: ArrayLike<unknown>, max: number): string[] {
  const seen: string[] = [];
  for (let i = 0; i < col.length && seen.length < max; i++) {
    if (isMissing(col[i])) continue;
    const s = String(col[i]);
    if (!seen.includes(s)) seen.push(s);
  }
  return seen;
}

function notBinary(role: string, name: string, values: string[]): FairnessInputError {
  return new FairnessInputError(
    'NOT_BINARY',
    `${role} column '${name}' is not binary: it has more than two distinct values (${values.map((x) => `'${x}'`).join(', ')}, …); map it to two classes first`,
    role,
    'two distinct values',
  );
}

/**
 * Encodes a binary column to 0/1. Mirrors Fairlearn: without an explicit positive label the values
 * must come from {0, 1} or {-1, 1} (booleans and their strings accepted), and 1 is positive.
 */
function encodeBinary(col: ArrayLike<unknown>, name: string, role: string, positive: string | null): Uint8Array {
  const n = col.length;
  const out = new Uint8Array(n);
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (typeof v === 'number' && positive === null) {
      if (v === 1) {
        out[i] = 1;
        continue;
      }
      if (v === 0 || v === -1) continue;
    }
    if (isMissing(v)) throw missing(role, name, i);
    const s = String(v);
    if (!seen.includes(s)) {
      seen.push(s);
      if (seen.length > 2) throw notBinary(role, name, seen);
    }
    if (positive !== null) {
      out[i] = s === positive ? 1 : 0;
    } else if (POSITIVE_DEFAULTS.has(s) || Number(s) === 1) {
      out[i] = 1;
    } else if (!NEGATIVE_DEFAULTS.has(s) && Number(s) !== 0 && Number(s) !== -1) {
      const distinct = distinctValues(col, 3);
      if (distinct.length > 2) throw notBinary(role, name, distinct);
      throw new FairnessInputError(
        'NOT_BINARY',
        `${role} column '${name}' has value '${s}' at row ${i}: without a positive label the values must be 0/1, -1/1 or true/false; pass positiveLabel (--positive-label) to say which value is favourable`,
        `${role}[${i}]`,
        '0/1, -1/1 or true/false',
      );
    }
  }
  // Catch mixed encodings such as {0, 1, -1} that slip through the numeric fast path.
  if (positive === null && typeof col[0] === 'number') {
    let has0 = false;
    let hasM1 = false;
    for (let i = 0; i < n; i++) {
      const v = col[i] as number;
      if (v === 0) has0 = true;
      else if (v === -1) hasM1 = true;
      if (has0 && hasM1) {
        throw new FairnessInputError(
          'NOT_BINARY',
          `${role} column '${name}' is not binary: it mixes 0, -1 and 1`,
          role,
          'two distinct values',
        );
      }
    }
  }
  return out;
}

function sortLevels(levels: string[], numeric: boolean): string[] {
  const copy = levels.slice();
  if (numeric) copy.sort((a, b) => Number(a) - Number(b));
  else copy.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return copy;
}

export function encodeFeature(col: ArrayLike<unknown>, name: string, role: string): EncodedFeature {
  const n = col.length;
  const raw = new Int32Array(n);
  const index = new Map<unknown, number>();
  const firstSeen: unknown[] = [];
  let numeric = true;
  for (let i = 0; i < n; i++) {
    const v = col[i];
    let code = index.get(v);
    if (code === undefined) {
      if (isMissing(v)) throw missing(role, name, i);
      // Distinct JS values with the same text (1 and '1') are one group, as they would be in a CSV.
      const key = String(v);
      const existing = firstSeen.findIndex((x) => String(x) === key);
      code = existing >= 0 ? existing : firstSeen.length;
      if (existing < 0) {
        firstSeen.push(v);
        // numbers, or text that reads as a number (CSV), sort numerically as pandas' read_csv would type them
        if (typeof v !== 'number' && !(typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))) numeric = false;
      }
      index.set(v, code);
    }
    raw[i] = code;
  }
  const names = firstSeen.map((v) => String(v));
  const levels = sortLevels(names, numeric);
  const remap = new Int32Array(names.length);
  for (let k = 0; k < names.length; k++) remap[k] = levels.indexOf(names[k]);
  for (let i = 0; i < n; i++) raw[i] = remap[raw[i]];
  return { name, levels, codes: raw };
}

function combine(features: EncodedFeature[], n: number, role: string): { codes: Int32Array; count: number; values: string[][] } {
  let count = 1;
  for (const f of features) count *= Math.max(1, f.levels.length);
  if (count > MAX_CELLS) {
    throw new FairnessInputError(
      'TOO_MANY_GROUPS',
      `the ${role} features ${features.map((f) => `'${f.name}'`).join(', ')} make ${count} combinations (limit ${MAX_CELLS}); bin or merge rare values first`,
      role,
    );
  }
  const codes = new Int32Array(n);
  for (const f of features) {
    const radix = f.levels.length;
    const c = f.codes;
    for (let i = 0; i < n; i++) codes[i] = codes[i] * radix + c[i];
  }
  const values: string[][] = [];
  for (let code = 0; code < count; code++) {
    const vals: string[] = new Array(features.length);
    let rest = code;
    for (let j = features.length - 1; j >= 0; j--) {
      const radix = features[j].levels.length;
      vals[j] = features[j].levels[rest % radix];
      rest = Math.floor(rest / radix);
    }
    values.push(vals);
  }
  return { codes, count, values };
}

/** Validates the columns named by `spec` and encodes them; every bad input is a FairnessInputError. */
export function prepareData(columns: Columns, spec: DataSpec): FairnessData {
  if (!spec.sensitive || spec.sensitive.length === 0) {
    throw new FairnessInputError('INVALID_OPTION', 'name at least one sensitive column (e.g. --sensitive gender)', 'sensitive');
  }
  if (!spec.prediction && !spec.score) {
    throw new FairnessInputError('INVALID_OPTION', 'name a prediction column, or a score column and a threshold', 'prediction');
  }
  const labelCol = column(columns, spec.label, 'label');
  const n = labelCol.length;
  if (n === 0) throw new FairnessInputError('EMPTY_INPUT', 'the data has no rows: an audit needs at least one prediction', 'label');
  const checkLength = (col: ArrayLike<unknown>, name: string, role: string) => {
    if (col.length !== n) {
      throw new FairnessInputError(
        'LENGTH_MISMATCH',
        `${role} column '${name}' has ${col.length} values but label column '${spec.label}' has ${n}: every column must have one value per row`,
        role,
        `${n} values`,
      );
    }
  };
  const sensitiveCols = spec.sensitive.map((name) => {
    const c = column(columns, name, 'sensitive');
    checkLength(c, name, 'sensitive');
    return c;
  });
  const controlNames = spec.control ?? [];
  for (const name of controlNames) {
    if (spec.sensitive.includes(name)) {
      throw new FairnessInputError('INVALID_OPTION', `'${name}' is both a sensitive and a control feature: pick one role`, 'control');
    }
  }
  const controlCols = controlNames.map((name) => {
    const c = column(columns, name, 'control');
    checkLength(c, name, 'control');
    return c;
  });
  const positive = spec.positiveLabel === undefined ? null : String(spec.positiveLabel);
  const y = encodeBinary(labelCol, spec.label, 'label', positive);

  let score: Float64Array | null = null;
  if (spec.score) {
    const sc = column(columns, spec.score, 'score');
    checkLength(sc, spec.score, 'score');
    score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = sc[i];
      const x = typeof v === 'number' ? v : isMissing(v) ? NaN : Number(v);
      if (!Number.isFinite(x)) {
        if (isMissing(v)) throw missing('score', spec.score, i);
        throw new FairnessInputError('INVALID_SCORE', `score column '${spec.score}' has '${String(v)}' at row ${i}: scores must be finite numbers`, `score[${i}]`);
      }
      score[i] = x;
    }
  }
  let yhat: Uint8Array;
  const threshold = spec.threshold ?? 0.5;
  if (spec.prediction) {
    const pc = column(columns, spec.prediction, 'prediction');
    checkLength(pc, spec.prediction, 'prediction');
    yhat = encodeBinary(pc, spec.prediction, 'prediction', positive);
  } else {
    yhat = new Uint8Array(n);
    const s = score as Float64Array;
    for (let i = 0; i < n; i++) yhat[i] = s[i] >= threshold ? 1 : 0;
  }

  let weights: Float64Array | null = null;
  if (spec.weight) {
    const wc = column(columns, spec.weight, 'weight');
    checkLength(wc, spec.weight, 'weight');
    weights = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = wc[i];
      const x = typeof v === 'number' ? v : isMissing(v) ? NaN : Number(v);
      if (!Number.isFinite(x)) {
        if (isMissing(v)) throw missing('weight', spec.weight, i);
        throw new FairnessInputError('INVALID_WEIGHT', `weight column '${spec.weight}' has '${String(v)}' at row ${i}: weights must be finite numbers`, `weight[${i}]`);
      }
      if (x < 0) {
        throw new FairnessInputError(
          'NEGATIVE_WEIGHT',
          `weight column '${spec.weight}' has a negative weight (${x}) at row ${i}: sample weights must be >= 0`,
          `weight[${i}]`,
          'a number >= 0',
        );
      }
      weights[i] = x;
      total += x;
    }
    if (!(total > 0)) {
      throw new FairnessInputError('INVALID_WEIGHT', `weight column '${spec.weight}' sums to 0: at least one row must have a positive weight`, 'weight');
    }
  }

  const sensitive = sensitiveCols.map((c, j) => encodeFeature(c, spec.sensitive[j], 'sensitive'));
  const groups = combine(sensitive, n, 'sensitive');
  const control = controlCols.map((c, j) => encodeFeature(c, controlNames[j], 'control'));
  const ctrl = control.length ? combine(control, n, 'control') : null;
  if (groups.count * (ctrl?.count ?? 1) > MAX_CELLS) {
    throw new FairnessInputError('TOO_MANY_GROUPS', `sensitive x control features make more than ${MAX_CELLS} cells; bin or merge rare values first`, 'control');
  }
  return {
    n,
    y,
    yhat,
    score,
    weights,
    sensitive,
    groupCodes: groups.codes,
    groupCount: groups.count,
    groupKeys: groups.values.map((v) => v.join(GROUP_SEPARATOR)),
    groupValues: groups.values,
    control,
    controlCodes: ctrl ? ctrl.codes : null,
    controlCount: ctrl ? ctrl.count : 1,
    controlValues: ctrl ? ctrl.values : [[]],
    spec: {
      label: spec.label,
      prediction: spec.prediction ?? null,
      score: spec.score ?? null,
      threshold: spec.prediction ? null : threshold,
      weight: spec.weight ?? null,
      positiveLabel: positive ?? '1',
    },
  };
}

/** Returns a copy of `data` with other predictions (mitigation) or weights (bootstrap, reweighing). */
export function withOverrides(data: FairnessData, o: { yhat?: Uint8Array; weights?: Float64Array | null }): FairnessData {
  return { ...data, yhat: o.yhat ?? data.yhat, weights: o.weights === undefined ? data.weights : o.weights };
}
