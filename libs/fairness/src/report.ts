import {
  ZFairnessPolicy,
  ZFairnessReportOptions,
  type FairnessAuditJson,
  type FairnessMitigationJson,
  type FairnessThresholdMitigationJson,
  type FairnessPolicy,
  type FairnessPolicyInput,
  type FairnessReason,
  type FairnessReportJson,
  type FairnessReportOptions,
  type FairnessVerdict,
} from '@meridian/domain';
import { auditData, toFairnessJson, toJsonSafe } from './audit';
import { prepareData, type Columns, type FairnessData } from './data';
import { FairnessInputError } from './errors';
import { optimizeThresholds, optimizeThresholdsHoldout, reweigh, seededHalves } from './mitigation';

// One implementation of "audit a predictions table and judge it", shared by `meridian audit`,
// the fairness.audit job and the API, so the three can never disagree on a verdict.

/**
 * The verdict rule (documented in docs/fairness-audit.md):
 * - FAIL when a non-empty group's parity flag is false on one of `policy.parityMetrics` (tau <=
 *   disparity <= 1/tau, the four-fifths rule at tau 0.8), or |demographic parity difference|
 *   (between groups) > `maxDemographicParityDifference`, or the worst-case equalized odds
 *   difference > `maxEqualizedOddsDifference`;
 * - WARN (when nothing fails it) when one of those values is within `warnMargin` of its limit, a
 *   gating disparity is undefined (cannot be judged), or a non-empty group has fewer than
 *   `minGroupRows` rows;
 * - PASS otherwise. Reasons are listed FAIL first.
 */
export function fairnessVerdict(result: FairnessAuditJson, policyInput: FairnessPolicyInput = {}): { verdict: FairnessVerdict; reasons: FairnessReason[]; policy: FairnessPolicy } {
  const policy = parsePolicy(policyInput);
  const reasons: FairnessReason[] = [];
  const tau = result.aequitas.tau;
  const lo = tau;
  const hi = 1 / tau;
  // "near" the band: within warnMargin of the way from 1 to the limit, e.g. tau 0.8, margin 0.2 -> below 0.84
  const nearLo = 1 - (1 - lo) * (1 - policy.warnMargin);
  const nearHi = 1 + (hi - 1) * (1 - policy.warnMargin);
  const emptyGroups = new Set(result.groups.filter((g) => g.empty).map((g) => g.key));

  result.aequitas.attributes.forEach((attr, a) => {
    attr.groups.forEach((g, gi) => {
      if (g.size === 0 || emptyGroups.has(g.group)) return;
      for (const metric of policy.parityMetrics) {
        const path = `result.aequitas.attributes.${a}.groups.${gi}.disparities.${metric}`;
        const d = g.disparities[metric];
        const ref = g.referenceGroups[metric];
        if (ref === g.group) continue;
        const base = { path, value: d, attribute: attr.attribute, group: g.group, metric };
        if (g.parity[metric] === false) {
          reasons.push({
            ...base,
            code: 'PARITY_FAILED',
            severity: 'FAIL',
            limit: d !== null && d < 1 ? lo : hi,
            message: `${attr.attribute}='${g.group}': ${metric} disparity ${fmt(d)} against '${ref}' is outside [${fmt(lo)}, ${fmt(hi)}] (tau ${fmt(tau)})`,
          });
        } else if (d === null) {
          reasons.push({ ...base, code: 'PARITY_UNDEFINED', severity: 'WARN', limit: null, message: `${attr.attribute}='${g.group}': ${metric} disparity against '${ref}' is undefined (0/0), so parity cannot be judged` });
        } else if (d < nearLo || d > nearHi) {
          reasons.push({
            ...base,
            code: 'PARITY_NEAR_LIMIT',
            severity: 'WARN',
            limit: d < 1 ? lo : hi,
            message: `${attr.attribute}='${g.group}': ${metric} disparity ${fmt(d)} against '${ref}' is within ${Math.round(policy.warnMargin * 100)}% of the limit ${fmt(d < 1 ? lo : hi)}`,
          });
        }
      }
    });
  });

  const limitCheck = (value: number | null, limit: number, path: string, failCode: FairnessReason['code'], nearCode: FairnessReason['code'], label: string) => {
    if (value === null) return;
    const v = Math.abs(value);
    if (v > limit) reasons.push({ code: failCode, severity: 'FAIL', path, value, limit, message: `${label} ${fmt(v)} exceeds ${fmt(limit)}` });
    else if (v > limit * (1 - policy.warnMargin)) reasons.push({ code: nearCode, severity: 'WARN', path, value, limit, message: `${label} ${fmt(v)} is within ${Math.round(policy.warnMargin * 100)}% of the limit ${fmt(limit)}` });
  };
  limitCheck(
    result.fairlearn.demographicParityDifference.betweenGroups,
    policy.maxDemographicParityDifference,
    'result.fairlearn.demographicParityDifference.betweenGroups',
    'DEMOGRAPHIC_PARITY_DIFFERENCE',
    'DEMOGRAPHIC_PARITY_NEAR_LIMIT',
    'demographic parity difference (largest minus smallest group selection rate)',
  );
  limitCheck(
    result.fairlearn.equalizedOddsDifference.worstCase.betweenGroups,
    policy.maxEqualizedOddsDifference,
    'result.fairlearn.equalizedOddsDifference.worstCase.betweenGroups',
    'EQUALIZED_ODDS_DIFFERENCE',
    'EQUALIZED_ODDS_NEAR_LIMIT',
    'equalized odds difference (worst of the TPR and FPR gaps)',
  );
  result.groups.forEach((g, i) => {
    if (!g.empty && g.rows < policy.minGroupRows) {
      reasons.push({
        code: 'SMALL_GROUP',
        severity: 'WARN',
        path: `result.groups.${i}.rows`,
        value: g.rows,
        limit: policy.minGroupRows,
        group: g.key,
        message: `group '${g.key}' has only ${g.rows} rows (fewer than ${policy.minGroupRows}); its rates are too noisy to judge`,
      });
    }
  });
  reasons.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'FAIL' ? -1 : 1));
  const verdict: FairnessVerdict = reasons.some((r) => r.severity === 'FAIL') ? 'FAIL' : reasons.length ? 'WARN' : 'PASS';
  return { verdict, reasons, policy };
}

function parsePolicy(input: FairnessPolicyInput): FairnessPolicy {
  const parsed = ZFairnessPolicy.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = `policy.${issue.path.join('.')}`;
    throw new FairnessInputError('INVALID_OPTION', `invalid policy option ${path}: ${issue.message}`, path);
  }
  return parsed.data;
}

function fmt(v: number | null): string {
  if (v === null) return 'undefined';
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

/** Fewer rows than this are too few to split: thresholds are then fitted and measured on the same rows (said so in `evaluation`). */
export const MIN_HOLDOUT_ROWS = 200;
/** The seed of the fit/evaluate split, fixed so the same file gives the same mitigation report. */
export const MITIGATION_SPLIT_SEED = 20_240_601;

/**
 * Reweighing (always) and, with a score column, group thresholds for both constraints Meridian
 * offers (demographic parity, then equalized odds), each with before/after numbers. Thresholds are
 * fitted on one seeded, group-and-label-stratified half of the rows and measured on the other half
 * (`evaluation.method: 'holdout'`); below MIN_HOLDOUT_ROWS rows, on the same rows (`in_sample`).
 */
export function mitigationReport(data: FairnessData, privileged: Record<string, Array<string | number | boolean>> | undefined): FairnessMitigationJson {
  const notes: string[] = [];
  const rw = reweigh(data, { privileged });
  const { weights: _weights, method: _m, ...rwRest } = rw;
  let byConstraint: FairnessThresholdMitigationJson[] = [];
  let evaluation: FairnessMitigationJson['evaluation'] = null;
  if (data.score) {
    const holdout = data.n >= MIN_HOLDOUT_ROWS;
    byConstraint = (['demographic_parity', 'equalized_odds'] as const).map((constraint) => {
      if (holdout) {
        const { predictions: _p, method: _tm, fitRows: _f, evalRows: _e, seed: _s, ...rest } = optimizeThresholdsHoldout(data, { constraint, privileged, seed: MITIGATION_SPLIT_SEED });
        return toJsonSafe(rest) as FairnessThresholdMitigationJson;
      }
      const { predictions: _p, method: _tm, ...rest } = optimizeThresholds(data, { constraint, privileged });
      return toJsonSafe(rest) as FairnessThresholdMitigationJson;
    });
    if (holdout) {
      const { fit, evaluate } = seededHalves(data, MITIGATION_SPLIT_SEED);
      evaluation = {
        method: 'holdout',
        seed: MITIGATION_SPLIT_SEED,
        fitRows: fit.length,
        evalRows: evaluate.length,
        description: `Group thresholds were fitted on one half of the audit rows (${fit.length.toLocaleString('en-US')} rows, a seeded split stratified by group and label, seed ${MITIGATION_SPLIT_SEED}) and every before/after number of the thresholds is measured on the other half (${evaluate.length.toLocaleString('en-US')} rows), which the fit never saw.`,
      };
    } else {
      evaluation = {
        method: 'in_sample',
        seed: MITIGATION_SPLIT_SEED,
        fitRows: data.n,
        evalRows: data.n,
        description: `Group thresholds were fitted and measured on the same ${data.n} audit rows (in-sample: fewer than ${MIN_HOLDOUT_ROWS} rows are too few to split), so the "after" numbers are optimistic.`,
      };
    }
  } else {
    notes.push('group thresholds need a score column (--score); only reweighing was computed');
  }
  if (!privileged) notes.push('reweighing without --privileged treats every intersectional group as its own group');
  return {
    reweighing: toJsonSafe(rwRest) as FairnessMitigationJson['reweighing'],
    thresholds: byConstraint.find((t) => t.constraint === 'demographic_parity') ?? null,
    thresholdsByConstraint: byConstraint,
    evaluation,
    notes,
  };
}

/**
 * Validates `columns` against the options (FairnessInputError on bad input: unknown column,
 * non-binary label, empty privileged/reference group, negative weights...), runs the audit, judges
 * it by the policy and, unless `mitigation: false`, adds the mitigation before/after report.
 */
export function fairnessReport(columns: Columns, options: FairnessReportOptions): FairnessReportJson {
  const parsed = ZFairnessReportOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.');
    throw new FairnessInputError('INVALID_OPTION', `invalid audit option ${path || '(options)'}: ${issue.message}`, path);
  }
  const o = parsed.data;
  const a = o.audit;
  const data = prepareData(columns, {
    label: a.label,
    prediction: a.prediction,
    score: a.score,
    threshold: a.threshold,
    sensitive: a.sensitive,
    control: a.control,
    weight: a.weight,
    positiveLabel: a.positiveLabel,
  });
  const result = toFairnessJson(auditData(data, options.audit));
  const { verdict, reasons, policy } = fairnessVerdict(result, o.policy);
  return { schemaVersion: 1, verdict, reasons, policy, result, mitigation: o.mitigation ? mitigationReport(data, a.privileged) : null };
}

/** A table (`{ name, values }` columns, as @meridian/data-pipeline reads them) as fairness columns. */
export function columnsOfTable(table: { columns: ReadonlyArray<{ name: string; values: ArrayLike<unknown> }> }): Columns {
  const out: Columns = {};
  for (const c of table.columns) out[c.name] = c.values;
  return out;
}

/** Columns as CSV text (header + rows), e.g. a synthetic dataset written for the CLI or an upload. */
export function columnsToCsv(columns: Columns): string {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [names.map(esc).join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((k) => esc(columns[k][i])).join(','));
  return lines.join('\n') + '\n';
}
