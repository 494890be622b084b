import { ZFairnessAuditOptions, type FairnessAuditJson, type FairnessAuditOptions, type FairnessAuditShape, type FairnessGroup } from '@meridian/domain';
import { aequitasDisparities } from './aequitas';
import { bootstrapGroupMetrics } from './bootstrap';
import { privilegeOfGroups, privilegedMetrics } from './aif360';
import { calibrationByGroup } from './calibration';
import { countCells } from './counts';
import { prepareData, type Columns, type FairnessData } from './data';
import { FairnessInputError } from './errors';
import { fairlearnMetrics, groupCounts, metricFrame } from './metric-frame';
import { Notes } from './notes';

export type FairnessAudit = FairnessAuditShape<number>;

function parseOptions(options: FairnessAuditOptions) {
  const parsed = ZFairnessAuditOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.');
    throw new FairnessInputError('INVALID_OPTION', `invalid audit option ${path || '(options)'}: ${issue.message}`, path);
  }
  return parsed.data;
}

/** Every metric of the library on prepared data, in one pass over the rows (plus one for calibration). */
export function auditData(data: FairnessData, options: Omit<FairnessAuditOptions, 'label' | 'sensitive'> & Partial<Pick<FairnessAuditOptions, 'label' | 'sensitive'>> = {}): FairnessAudit {
  const o = parseOptions({ label: data.spec.label, sensitive: data.sensitive.map((f) => f.name), ...options });
  const notes = new Notes();
  const counts = countCells(data);
  const perGroup = groupCounts(data, counts);
  const priv = o.privileged ? privilegeOfGroups(data, o.privileged) : null;
  const groups: FairnessGroup[] = data.groupKeys.map((key, g) => {
    const b = g * 4;
    const rows = perGroup.rows[b] + perGroup.rows[b + 1] + perGroup.rows[b + 2] + perGroup.rows[b + 3];
    return {
      key,
      values: Object.fromEntries(data.sensitive.map((f, j) => [f.name, data.groupValues[g][j]])),
      rows,
      weight: perGroup.weight[b] + perGroup.weight[b + 1] + perGroup.weight[b + 2] + perGroup.weight[b + 3],
      empty: rows === 0,
      privileged: priv ? priv[g] === 1 : null,
    };
  });
  let totalWeight = 0;
  for (const g of groups) totalWeight += g.weight;
  return {
    schemaVersion: 1,
    input: {
      rows: data.n,
      totalWeight,
      weighted: data.weights !== null,
      label: data.spec.label,
      prediction: data.spec.prediction,
      score: data.spec.score,
      threshold: data.spec.threshold,
      positiveLabel: data.spec.positiveLabel,
      sensitive: data.sensitive.map((f) => f.name),
      control: data.control.map((f) => f.name),
      weight: data.spec.weight,
    },
    groups,
    metricFrame: metricFrame(data, { counts, zeroDivision: o.zeroDivision, notes }),
    fairlearn: fairlearnMetrics(data, { counts: perGroup, zeroDivision: o.zeroDivision, notes }),
    aif360: o.privileged ? privilegedMetrics(data, { privileged: o.privileged, alpha: o.alpha, counts: perGroup, notes }) : null,
    aequitas: aequitasDisparities(data, { reference: o.reference, tau: o.tau, counts: perGroup, notes }),
    calibration: data.score ? calibrationByGroup(data, { bins: o.calibrationBins, notes }) : null,
    intervals: o.bootstrap ? intervalsWithNotes(data, o.bootstrap, o.zeroDivision, notes) : null,
    notes: notes.list(),
  };
}

function intervalsWithNotes(data: FairnessData, b: { reps: number; level: number; seed: number }, zd: 'reference' | 'nan', notes: Notes) {
  const out = bootstrapGroupMetrics(data, { ...b, zeroDivision: zd });
  out.forEach((ci, i) => {
    if (ci.validReps < ci.reps) {
      notes.add(
        `intervals.${i}`,
        `group '${ci.group}' ${ci.metric}: ${ci.reps - ci.validReps} of ${ci.reps} resamples had no value (the group or its denominator was absent) and were left out`,
      );
    }
  });
  return out;
}

/**
 * Validates `columns` against `options` (clear FairnessInputError on bad input) and runs the
 * whole audit. The result holds NaN for undefined values; `toFairnessJson` makes the JSON form.
 */
export function runAudit(columns: Columns, options: FairnessAuditOptions): FairnessAudit {
  const o = parseOptions(options);
  const data = prepareData(columns, {
    label: o.label,
    prediction: o.prediction,
    score: o.score,
    threshold: o.threshold,
    sensitive: o.sensitive,
    control: o.control,
    weight: o.weight,
    positiveLabel: o.positiveLabel,
  });
  return auditData(data, options);
}

/**
 * Deep copy where every NaN or infinite number becomes null and is explained: a value without a
 * note from the computation gets one here, so no null in the JSON is ever unexplained.
 */
export function toJsonSafe<T>(value: T, notes: Notes = new Notes(), path = ''): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    if (!notes.explain(path)) {
      notes.add(path, Number.isNaN(value) ? 'undefined value (0/0 or an undefined input)' : `${value > 0 ? '+' : '-'}Infinity (division by zero)`);
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v, i) => toJsonSafe(v, notes, path ? `${path}.${i}` : String(i)));
  if (Array.isArray(value)) return value.map((v, i) => toJsonSafe(v, notes, path ? `${path}.${i}` : String(i)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonSafe(v, notes, path ? `${path}.${k}` : k);
  return out;
}

/** The audit as JSON-ready data: undefined values are null, each explained in `notes`. */
export function toFairnessJson(audit: FairnessAudit): FairnessAuditJson {
  const notes = new Notes();
  for (const n of audit.notes) notes.add(n.path, n.message);
  const { notes: _ignored, ...rest } = audit;
  const body = toJsonSafe(rest, notes) as Omit<FairnessAuditJson, 'notes'>;
  return { ...body, notes: notes.list() };
}

/** JSON.stringify of `toFairnessJson` (JSON.stringify alone would also turn NaN into null, silently). */
export function stringifyAudit(audit: FairnessAudit, space?: number): string {
  return JSON.stringify(toFairnessJson(audit), null, space);
}
