import { AEQUITAS_METRICS, type AequitasGroupShape, type AequitasMetric, type AequitasReference, type AequitasShape } from '@meridian/domain';
import { countCells, type CellCounts } from './counts';
import { GROUP_SEPARATOR, type FairnessData } from './data';
import { FairnessInputError } from './errors';
import { groupCounts } from './metric-frame';
import type { Notes } from './notes';

/** Aequitas caps a disparity whose reference value is 0 (x/0 = inf) at this value (Bias.fill_divbyzero). */
export const AEQUITAS_FILL_DIV_BY_ZERO = 10;

// Aequitas Group: `divide = lambda x, y: x / y if y != 0 else np.nan`.
function divide(x: number, y: number): number {
  return y !== 0 ? x / y : NaN;
}

const WHY: Record<AequitasMetric, string> = {
  ppr: 'no predicted positives in the whole attribute (k = 0)',
  pprev: 'the group is empty',
  precision: 'no predicted positives in the group (TP + FP = 0)',
  fdr: 'no predicted positives in the group (TP + FP = 0)',
  for: 'no predicted negatives in the group (FN + TN = 0)',
  fpr: 'no negative labels in the group (FP + TN = 0)',
  fnr: 'no positive labels in the group (FN + TP = 0)',
  tpr: 'no positive labels in the group (FN + TP = 0)',
  tnr: 'no negative labels in the group (FP + TN = 0)',
  npv: 'no predicted negatives in the group (FN + TN = 0)',
};

interface Crosstab {
  group: string;
  size: number;
  metrics: Record<AequitasMetric, number>;
}

function crosstabs(counts: CellCounts, cells: Array<{ key: string; cell: number }>): Crosstab[] {
  let k = 0;
  for (const { cell } of cells) k += counts.weight[cell * 4 + 1] + counts.weight[cell * 4 + 3];
  return cells.map(({ key, cell }) => {
    const b = cell * 4;
    const [tn, fp, fn, tp] = [counts.weight[b], counts.weight[b + 1], counts.weight[b + 2], counts.weight[b + 3]];
    const pp = tp + fp;
    const pn = fn + tn;
    const size = tn + fp + fn + tp;
    return {
      group: key,
      size,
      metrics: {
        ppr: divide(pp, k),
        pprev: divide(pp, size),
        precision: divide(tp, pp),
        fdr: divide(fp, pp),
        for: divide(fn, pn),
        fpr: divide(fp, fp + tn),
        fnr: divide(fn, fn + tp),
        tpr: divide(tp, fn + tp),
        tnr: divide(tn, fp + tn),
        npv: divide(tn, pn),
      },
    };
  });
}

/** pandas idxmax/idxmin: first position of the extreme, NaN skipped; -1 when all NaN. */
function idxExtreme(values: number[], pick: 'min' | 'max'): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (best < 0 || (pick === 'min' ? v < values[best] : v > values[best])) best = i;
  }
  return best;
}

export interface AequitasOptions {
  reference?: AequitasReference;
  tau?: number;
  counts?: CellCounts;
  notes?: Notes | null;
  path?: string;
}

/**
 * Aequitas Group + Bias + Fairness: group metrics per attribute, disparities against a reference
 * group (largest group, per-metric minimum, or a named group), and parity flags
 * tau <= disparity <= 1/tau. Each sensitive feature is an attribute; with several features the
 * intersection is one more attribute. Disparity x/0 is capped at 10 and 0/0 stays undefined.
 */
export function aequitasDisparities(data: FairnessData, opts: AequitasOptions = {}): AequitasShape<number> {
  const tau = opts.tau ?? 0.8;
  if (!(tau > 0 && tau <= 1)) throw new FairnessInputError('INVALID_OPTION', `tau must be in (0, 1], got ${tau} (0.8 is the four-fifths rule)`, 'tau');
  const reference = opts.reference ?? 'majority';
  const counts = groupCounts(data, opts.counts ?? countCells(data));
  const notes = opts.notes ?? null;
  const path = opts.path ?? 'aequitas';

  // Attributes: each sensitive feature (marginal counts), then the intersection.
  const attributes: Array<{ attribute: string; counts: CellCounts; keys: string[]; featureIndex: number | null }> = [];
  data.sensitive.forEach((f, j) => {
    const w = new Float64Array(f.levels.length * 4);
    const r = new Float64Array(f.levels.length * 4);
    for (let g = 0; g < data.groupCount; g++) {
      const level = f.levels.indexOf(data.groupValues[g][j]);
      for (let k = 0; k < 4; k++) {
        w[level * 4 + k] += counts.weight[g * 4 + k];
        r[level * 4 + k] += counts.rows[g * 4 + k];
      }
    }
    attributes.push({ attribute: f.name, counts: { cells: f.levels.length, weight: w, rows: r }, keys: f.levels, featureIndex: j });
  });
  if (data.sensitive.length > 1) {
    attributes.push({ attribute: data.sensitive.map((f) => f.name).join(GROUP_SEPARATOR), counts, keys: data.groupKeys, featureIndex: null });
  }

  let namedParts: string[] | null = null;
  if (typeof reference === 'object') {
    namedParts = reference.group.split(GROUP_SEPARATOR);
    if (namedParts.length !== data.sensitive.length) {
      throw new FairnessInputError(
        'INVALID_OPTION',
        `reference group '${reference.group}' must name one value per sensitive feature (${data.sensitive.map((f) => f.name).join(GROUP_SEPARATOR)}), joined with '${GROUP_SEPARATOR}'`,
        'reference',
      );
    }
  }

  const result: AequitasShape<number> = { tau, reference, fillDivByZero: AEQUITAS_FILL_DIV_BY_ZERO, attributes: [] };
  for (const [ai, attr] of attributes.entries()) {
    const cells = attr.keys.map((key, cell) => ({ key, cell })).filter(({ cell }) => {
      const b = cell * 4;
      return attr.counts.rows[b] + attr.counts.rows[b + 1] + attr.counts.rows[b + 2] + attr.counts.rows[b + 3] > 0;
    });
    const tabs = crosstabs(attr.counts, cells);
    let named = -1;
    if (namedParts) {
      const wanted = attr.featureIndex === null ? namedParts.join(GROUP_SEPARATOR) : namedParts[attr.featureIndex];
      named = tabs.findIndex((t) => t.group === wanted);
      if (named < 0) {
        throw new FairnessInputError(
          'EMPTY_GROUP',
          `reference group '${wanted}' of '${attr.attribute}' has no members (groups: ${tabs.map((t) => t.group).join(', ')})`,
          'reference',
        );
      }
    }
    const majority = idxExtreme(
      tabs.map((t) => t.size),
      'max',
    );
    const groups: AequitasGroupShape<number>[] = tabs.map((t) => ({
      group: t.group,
      size: t.size,
      metrics: t.metrics,
      disparities: {} as Record<AequitasMetric, number>,
      referenceGroups: {} as Record<AequitasMetric, string>,
      parity: {} as Record<AequitasMetric, boolean | null>,
    }));
    for (const m of AEQUITAS_METRICS) {
      let ref: number;
      if (reference === 'majority') ref = majority;
      else if (reference === 'min') {
        ref = idxExtreme(
          tabs.map((t) => t.metrics[m]),
          'min',
        );
        // Aequitas falls back to the attribute's first group when the metric is NaN everywhere
        if (ref < 0) ref = 0;
      } else ref = named;
      const refValue = tabs[ref].metrics[m];
      for (const [gi, g] of groups.entries()) {
        let d = g.metrics[m] / refValue;
        if (d === Infinity) d = AEQUITAS_FILL_DIV_BY_ZERO;
        g.disparities[m] = d;
        g.referenceGroups[m] = tabs[ref].group;
        g.parity[m] = Number.isNaN(d) ? null : tau <= d && d <= 1 / tau;
        if (notes) {
          const gp = `${path}.attributes.${ai}.groups.${gi}`;
          const who = `'${attr.attribute}' group '${g.group}'`;
          if (Number.isNaN(g.metrics[m])) notes.add(`${gp}.metrics.${m}`, `${who}: ${WHY[m]}`);
          if (Number.isNaN(d)) {
            notes.add(
              `${gp}.disparities.${m}`,
              Number.isNaN(g.metrics[m])
                ? `${who}: its ${m} is undefined (${WHY[m]})`
                : Number.isNaN(refValue)
                  ? `${who}: the reference group '${tabs[ref].group}' has no defined ${m} (${WHY[m]})`
                  : `${who}: it and the reference group '${tabs[ref].group}' both have ${m} 0 (0/0)`,
            );
            notes.add(`${gp}.parity.${m}`, `${who}: disparity undefined, so parity cannot be judged (Aequitas leaves it NaN)`);
          } else if (d === AEQUITAS_FILL_DIV_BY_ZERO && refValue === 0) {
            notes.add(`${gp}.disparities.${m}`, `${who}: the reference group '${tabs[ref].group}' has ${m} 0: Aequitas caps x/0 at ${AEQUITAS_FILL_DIV_BY_ZERO}`);
          }
        }
      }
    }
    result.attributes.push({ attribute: attr.attribute, groups });
  }
  return result;
}
