// What fitPreprocessing will make of a dataset version, told from its profile alone (no rows read):
// the values per row after encoding and the label's classes, as ranges where the training split
// decides (a one-hot column keeps the categories seen in training; a classifier the classes seen in
// training). Run creation checks a model spec against these facts with the same rule the engine
// applies to the real rows (specFitIssues in @meridian/domain), so a spec that cannot fit is refused
// before anything is queued. Kept beside transforms.ts because it mirrors fitPreprocessing's choices.
import type { ColumnProfile, DatasetProfile, RunDataFacts, RunLabelFacts } from '@meridian/domain';
import { DEFAULT_MAX_CATEGORIES, MAX_CLASS_LABEL_VALUES } from './transforms';

export interface FitFactsOptions {
  label: string;
  exclude?: string[];
  /** Train, validation, test fractions of the run's split. */
  fractions: [number, number, number];
  stratify: boolean;
  /** Names the data in messages, e.g. `dataset version dv_1`. */
  dataName?: string;
}

export interface FitFacts extends RunDataFacts {
  /** Per feature column: how many values it contributes (a range for one-hot columns), and why. */
  columns: Array<{ name: string; kind: ColumnProfile['kind']; min: number; max: number; note: string }>;
}

/** A HyperLogLog distinct count is within a few percent; the range covers it. */
function distinctRange(c: ColumnProfile): { min: number; max: number } {
  return c.distinctExact ? { min: c.distinct, max: c.distinct } : { min: Math.floor(c.distinct * 0.95), max: Math.ceil(c.distinct * 1.05) };
}

/** A value is surely in the training split when it has more rows than the parts outside training hold. */
function surelyInTraining(count: number, rows: number, o: FitFactsOptions): boolean {
  const outside = rows - Math.floor(rows * o.fractions[0]);
  return count > outside;
}

function classesSurelyInTraining(c: ColumnProfile, rows: number, o: FitFactsOptions): number {
  // Stratified on this very column (the label): each class keeps its share in every part (largest
  // remainder, at most one row off per part), so one with more than 2 rows' worth of training share is there.
  if (o.stratify) return c.topValues.filter((v) => v.count * o.fractions[0] > 2).length;
  return c.topValues.filter((v) => surelyInTraining(v.count, rows, o)).length;
}

export function fitFactsFromProfile(profile: DatasetProfile, o: FitFactsOptions): FitFacts {
  const rows = profile.rows;
  const trainRows = Math.floor(rows * o.fractions[0]);
  const exclude = new Set(o.exclude ?? []);
  const columns: FitFacts['columns'] = [];
  for (const c of profile.columns) {
    if (c.name === o.label || exclude.has(c.name)) continue;
    const present = c.count - c.missing;
    if (c.kind === 'numeric' || c.kind === 'date') {
      // Dropped when the training split holds no value of it.
      columns.push({ name: c.name, kind: c.kind, min: c.missing < trainRows ? 1 : 0, max: present > 0 ? 1 : 0, note: '1 value' });
    } else if (c.kind === 'boolean') {
      columns.push({ name: c.name, kind: c.kind, min: 1, max: 1, note: '1 value' });
    } else if (c.kind === 'categorical') {
      const d = distinctRange(c);
      const sure = c.topValues.filter((v) => surelyInTraining(v.count, rows, o)).length;
      const lo = Math.min(DEFAULT_MAX_CATEGORIES, Math.max(c.missing < trainRows ? 1 : 0, sure)) + 1;
      const hi = Math.min(DEFAULT_MAX_CATEGORIES, d.max) + 1;
      columns.push({ name: c.name, kind: c.kind, min: lo, max: hi, note: `one-hot: one value per category seen in training (at most ${DEFAULT_MAX_CATEGORIES}) plus one for unknown` });
    } else {
      columns.push({ name: c.name, kind: c.kind, min: 0, max: 0, note: 'free text is not encoded' });
    }
  }
  const min = columns.reduce((a, c) => a + c.min, 0);
  const max = columns.reduce((a, c) => a + c.max, 0);
  const used = columns.filter((c) => c.max > 0);
  const oneHot = used.filter((c) => c.kind === 'categorical');
  const what = o.dataName ?? 'the dataset version';
  const left = [`label "${o.label}"`, ...(exclude.size ? [`excluded ${[...exclude].map((e) => `"${e}"`).join(', ')}`] : [])].join(' and ');
  const featuresSay =
    `rows of ${what} have ${min === max ? min : `${min} to ${max}`} values after preprocessing (${used.length} feature column${used.length === 1 ? '' : 's'}` +
    `${oneHot.length ? `, ${oneHot.length} of them one-hot encoded` : ''}; ${left} left out${columns.length > used.length ? `, ${columns.length - used.length} free-text column(s) dropped` : ''})`;

  let label: RunLabelFacts | null = null;
  const lc = profile.columns.find((c) => c.name === o.label);
  if (lc) {
    const d = distinctRange(lc);
    // The classes a classifier indexes are the label values seen in the training rows.
    const known = lc.distinctExact && lc.topValues.length >= lc.distinct;
    const lo = Math.max(2, Math.min(d.min, known ? classesSurelyInTraining(lc, rows, o) : 2));
    const classes = { min: Math.min(lo, d.max), max: d.max };
    if (lc.kind !== 'numeric') label = { kind: 'classes', column: lc.name, ...classes };
    else if (d.min > MAX_CLASS_LABEL_VALUES) label = { kind: 'numeric', column: lc.name };
    else if (known && lc.topValues.every((v) => Number.isInteger(Number(v.value)))) label = { kind: 'classes', column: lc.name, ...classes };
    else if (known) label = { kind: 'numeric', column: lc.name };
    else label = { kind: 'classes-or-numeric', column: lc.name, ...classes };
  }
  return { features: { min, max }, featuresSay, label, columns };
}
