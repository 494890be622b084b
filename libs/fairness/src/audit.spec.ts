import { describe, expect, it } from 'vitest';
import { runAudit, stringifyAudit, toFairnessJson } from './audit';
import { FairnessInputError } from './errors';
import { Notes } from './notes';

// Two sensitive features with an empty intersection (F|Y), a group with no negatives (M|Y),
// scores for calibration and a privileged group.
const cols = {
  sex: ['F', 'F', 'F', 'M', 'M', 'M', 'M'],
  race: ['X', 'X', 'X', 'X', 'X', 'Y', 'Y'],
  y: [1, 0, 0, 1, 0, 1, 1],
  s: [0.9, 0.7, 0.2, 0.8, 0.3, 0.4, 0.6],
};
const options = { label: 'y', score: 's', sensitive: ['sex', 'race'], privileged: { sex: ['M'] } };

function nullPaths(v: unknown, path = ''): string[] {
  if (v === null) return [path];
  if (typeof v !== 'object') return [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => nullPaths(x, path ? `${path}.${k}` : k));
}

describe('runAudit + toFairnessJson', () => {
  const audit = runAudit(cols, options);
  const json = toFairnessJson(audit);

  it('describes the input and every group, including empty intersections', () => {
    expect(json.schemaVersion).toBe(1);
    expect(json.input).toMatchObject({ rows: 7, totalWeight: 7, weighted: false, label: 'y', prediction: null, score: 's', threshold: 0.5, sensitive: ['sex', 'race'] });
    expect(json.groups.map((g) => [g.key, g.rows, g.empty, g.privileged])).toEqual([
      ['F|X', 3, false, false],
      ['F|Y', 0, true, false],
      ['M|X', 2, false, true],
      ['M|Y', 2, false, true],
    ]);
  });

  it('carries undefined values as null, each explained by a note', () => {
    const text = stringifyAudit(audit);
    expect(text).not.toMatch(/:\s*"?(NaN|-?Infinity)\b/);
    const parsed = JSON.parse(text);
    // structural nulls (no prediction column, no control features, no intervals asked) are not undefined numbers
    const nulls = nullPaths(parsed).filter((p) => !p.startsWith('input.') && !p.endsWith('.control') && p !== 'intervals');
    expect(nulls.length).toBeGreaterThan(0);
    const notes = new Notes();
    for (const n of json.notes) notes.add(n.path, n.message);
    for (const p of nulls) expect(notes.explain(p), `no note for ${p}`).toBeDefined();
    // the empty intersection F|Y is null in the MetricFrame and explained
    expect(json.metricFrame.levels[0].byGroup[1].metrics.count).toBeNull();
    expect(notes.explain('metricFrame.levels.0.byGroup.1.metrics.selectionRate')).toMatch(/empty intersection 'F\|Y'/);
    // M|Y has no negatives: Fairlearn's FPR convention gives 0 and the note says so
    expect(json.metricFrame.levels[0].byGroup[3].metrics.falsePositiveRate).toBe(0);
    expect(notes.explain('metricFrame.levels.0.byGroup.3.metrics.falsePositiveRate')).toMatch(/no negative labels/);
  });

  it('computes the same numbers the separate functions do', () => {
    // predictions at 0.5: F|X 1,1,0 / M|X 1,0 / M|Y 0,1; selection F 2/3, M 2/4
    expect(json.aif360!.selectionRate.unprivileged).toBeCloseTo(2 / 3, 12);
    expect(json.aif360!.selectionRate.privileged).toBeCloseTo(1 / 2, 12);
    expect(json.aif360!.disparateImpact).toBeCloseTo(4 / 3, 12);
    expect(json.aequitas.attributes.map((a) => a.attribute)).toEqual(['sex', 'race', 'sex|race']);
    expect(json.calibration!.byGroup.map((g) => g.group)).toEqual(['F|X', 'M|X', 'M|Y']);
  });

  it('adds seeded bootstrap intervals per group and metric when asked', () => {
    const a = runAudit(cols, { ...options, bootstrap: { reps: 50, seed: 3 } });
    expect(audit.intervals).toBeNull();
    expect(a.intervals!.filter((ci) => ci.group === 'F|X').map((ci) => ci.metric)).toContain('selectionRate');
    expect(runAudit(cols, { ...options, bootstrap: { reps: 50, seed: 3 } }).intervals).toEqual(a.intervals);
    const j = toFairnessJson(a);
    // tiny groups drop out of some resamples: those intervals say how many reps were usable
    const partial = j.intervals!.findIndex((ci) => ci.validReps < ci.reps);
    expect(partial).toBeGreaterThanOrEqual(0);
    expect(j.notes.some((n) => n.path === `intervals.${partial}`)).toBe(true);
  });

  it('turns Infinity into null with a note', () => {
    // privileged selection rate 0, unprivileged 1/1: disparate impact x/0
    const a = toFairnessJson(runAudit({ g: ['p', 'u'], y: [1, 1], yhat: [0, 1] }, { label: 'y', prediction: 'yhat', sensitive: ['g'], privileged: { g: ['p'] } }));
    expect(a.aif360!.disparateImpact).toBeNull();
    expect(a.notes.find((n) => n.path === 'aif360.disparateImpact')!.message).toMatch(/privileged selection rate is 0/);
  });

  it('takes a named reference group as plain text (as the CLI passes it)', () => {
    const a = runAudit(cols, { ...options, reference: 'F|X' });
    expect(a.aequitas.reference).toEqual({ group: 'F|X' });
    expect(a.aequitas.attributes[0].groups[1].referenceGroups.ppr).toBe('F'); // sex: its part of F|X
    expect(a.aequitas.attributes[2].groups[1].referenceGroups.ppr).toBe('F|X');
    // one value per sensitive feature is required
    expect(() => runAudit(cols, { ...options, reference: 'F' })).toThrow(/must name one value per sensitive feature \(sex\|race\)/);
  });

  it('answers bad input with a FairnessInputError naming the problem', () => {
    expect(() => runAudit(cols, { ...options, sensitive: ['gender'] })).toThrow(/unknown sensitive column 'gender'/);
    expect(() => runAudit(cols, { ...options, privileged: { sex: ['X'] } })).toThrow(/privileged group sex=X has no members/);
    expect(() => runAudit(cols, { ...options, tau: 1.5 })).toThrow(FairnessInputError);
    expect(() => runAudit(cols, { ...options, sensitive: [] })).toThrow(/invalid audit option sensitive: name at least one sensitive column/);
  });
});
