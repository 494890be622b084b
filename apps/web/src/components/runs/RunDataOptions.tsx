'use client';
// Split and transform choices of the start-a-run form: the fields of ZSplitOptions and
// ZTransformOptions (libs/domain/src/runs.ts), with the columns to exclude picked from the dataset
// version's columns. Controlled by NewRunForm, which sends them with the estimate and the run.
import { ZTransformOptions } from '@meridian/domain';
import type { FieldErrors } from '../../lib/forms';

export interface RunDataChoices {
  train: string;
  validation: string;
  test: string;
  seed: string;
  stratify: boolean;
  numeric: string;
  exclude: string[];
  /** Comma-separated dimensions, e.g. "8, 8, 1"; empty for none. */
  reshape: string;
}

export const DEFAULT_DATA_CHOICES: RunDataChoices = { train: '0.8', validation: '0.1', test: '0.1', seed: '42', stratify: true, numeric: 'standardize', exclude: [], reshape: '' };

/** The scalings the API's transform schema offers, in its order. */
const NUMERIC = ZTransformOptions.shape.numeric.unwrap().options;
const NUMERIC_LABELS: Record<string, string> = { standardize: 'standardise (mean 0, sd 1)', minmax: 'min-max to 0..1', scale255: 'divide by 255 (pixels)', none: 'as they are' };

/** The request fields (split, transform, seed) for these choices; numbers the user has not finished typing stay NaN and the API names them. */
export function dataRequest(c: RunDataChoices) {
  const reshape = c.reshape.trim() ? c.reshape.split(/[\s,x×]+/).filter(Boolean).map(Number) : undefined;
  return {
    seed: Number(c.seed),
    split: { fractions: [Number(c.train), Number(c.validation), Number(c.test)] as [number, number, number], stratify: c.stratify },
    transform: { numeric: c.numeric as (typeof NUMERIC)[number], exclude: c.exclude, ...(reshape ? { reshape } : {}) },
  };
}

export function RunDataOptions({ value, onChange, columns, labelColumn, errors }: { value: RunDataChoices; onChange: (v: RunDataChoices) => void; columns: string[]; labelColumn: string; errors: FieldErrors }) {
  const set = (patch: Partial<RunDataChoices>) => onChange({ ...value, ...patch });
  const excludable = columns.filter((c) => c !== labelColumn);
  return (
    <>
      <fieldset aria-label="Split">
        <legend>Split</legend>
        <div className="form-row" style={{ gridTemplateColumns: 'repeat(4, minmax(0, 1fr))' }}>
          <label className="field">
            <span className="label">Train fraction</span>
            <input name="split.train" type="number" min={0.01} max={0.98} step={0.01} value={value.train} onChange={(e) => set({ train: e.target.value })} aria-invalid={Boolean(errors.split)} />
          </label>
          <label className="field">
            <span className="label">Validation fraction</span>
            <input name="split.validation" type="number" min={0} max={0.98} step={0.01} value={value.validation} onChange={(e) => set({ validation: e.target.value })} aria-invalid={Boolean(errors.split)} />
          </label>
          <label className="field">
            <span className="label">Test fraction</span>
            <input name="split.test" type="number" min={0.01} max={0.98} step={0.01} value={value.test} onChange={(e) => set({ test: e.target.value })} aria-invalid={Boolean(errors.split)} />
          </label>
          <label className="field">
            <span className="label">Seed</span>
            <input name="seed" type="number" min={0} step={1} value={value.seed} onChange={(e) => set({ seed: e.target.value })} aria-invalid={Boolean(errors.seed)} />
            {errors.seed ? <span className="field-error">{errors.seed}</span> : null}
          </label>
        </div>
        {errors.split ? <span className="field-error">{errors.split}</span> : null}
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
          <input type="checkbox" name="split.stratify" checked={value.stratify} onChange={(e) => set({ stratify: e.target.checked })} />
          <span>Stratify by the label (each class keeps its share in every part)</span>
        </label>
      </fieldset>
      <fieldset aria-label="Transform">
        <legend>Transform</legend>
        <div className="form-row">
          <label className="field">
            <span className="label">Numeric columns</span>
            <select name="transform.numeric" value={value.numeric} onChange={(e) => set({ numeric: e.target.value })}>
              {NUMERIC.map((n) => (
                <option key={n} value={n}>
                  {NUMERIC_LABELS[n] ?? n}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="label">Reshape each row (optional)</span>
            <input name="transform.reshape" type="text" value={value.reshape} onChange={(e) => set({ reshape: e.target.value })} placeholder="e.g. 8, 8, 1 for 8x8 grey images" aria-invalid={Boolean(errors['transform.reshape'])} />
            {errors['transform.reshape'] ? <span className="field-error">{errors['transform.reshape']}</span> : null}
          </label>
        </div>
        <div className="field" role="group" aria-label="Exclude columns">
          <span className="label">Exclude columns (ids, leaks)</span>
          {excludable.length === 0 ? <span className="muted">The columns are listed once the dataset version is profiled.</span> : null}
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 14px', maxHeight: 140, overflowY: 'auto' }}>
            {excludable.map((c) => (
              <label key={c} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
                <input type="checkbox" name="transform.exclude" value={c} checked={value.exclude.includes(c)} onChange={(e) => set({ exclude: e.target.checked ? [...value.exclude, c] : value.exclude.filter((x) => x !== c) })} /> {c}
              </label>
            ))}
          </div>
          {errors['transform.exclude'] ? <span className="field-error">{errors['transform.exclude']}</span> : null}
        </div>
      </fieldset>
    </>
  );
}
