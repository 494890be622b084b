'use client';
import { AEQUITAS_METRICS, type ProjectFairnessPolicyView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { FieldError, FormError, useApiForm } from '../../lib/forms';

const FIELDS = ['tau', 'parityMetrics', 'maxDemographicParityDifference', 'maxEqualizedOddsDifference', 'warnMargin', 'minGroupRows', 'requiredSensitive'] as const;

const METRIC_LABELS: Record<(typeof AEQUITAS_METRICS)[number], string> = {
  ppr: 'ppr (share of positives)',
  pprev: 'pprev (selection rate: four-fifths rule)',
  precision: 'precision',
  fdr: 'fdr (false discovery rate)',
  for: 'for (false omission rate)',
  fpr: 'fpr (false positive rate)',
  fnr: 'fnr (false negative rate)',
  tpr: 'tpr (true positive rate)',
  tnr: 'tnr (true negative rate)',
  npv: 'npv (negative predictive value)',
};

/**
 * The project's fairness policy: the thresholds every audit of its model versions is judged by.
 * Everyone sees it; an owner or admin edits it (the API refuses anyone else and audits the change).
 */
export function FairnessPolicyForm({ orgId, policy, canEdit }: { orgId: string; policy: ProjectFairnessPolicyView; canEdit: boolean }) {
  const { errors, formError, busy, onSubmit, onInput } = useApiForm(
    FIELDS,
    async (f) => {
      const n = (k: string) => Number(String(f.get(k) ?? '').trim());
      await browserApi.fairnessAudits.putPolicy(orgId, policy.projectId, {
        tau: n('tau'),
        parityMetrics: f.getAll('parityMetrics').map(String) as Array<(typeof AEQUITAS_METRICS)[number]>,
        maxDemographicParityDifference: n('maxDemographicParityDifference'),
        maxEqualizedOddsDifference: n('maxEqualizedOddsDifference'),
        warnMargin: n('warnMargin'),
        minGroupRows: n('minGroupRows'),
        requiredSensitive: String(f.get('requiredSensitive') ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      });
    },
    { reset: false },
  );
  return (
    <form className="form" onSubmit={onSubmit} onInput={onInput} aria-label="Fairness policy">
      <h2>Fairness policy</h2>
      <p className="muted">
        Every audit of a model version of this project is judged by these thresholds, and the promotion gate counts only such audits (uploaded predictions files never unblock a model). A person requesting an audit may tighten them, never loosen them.{' '}
        {policy.isDefault ? 'No one has set a policy yet: the standard policy applies.' : `Last changed by ${policy.updatedByName ?? policy.updatedById ?? 'an API key'} on ${policy.updatedAt?.slice(0, 10)}.`}
      </p>
      <FormError message={formError} />
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <div className="form-row">
          <div className="field">
            <label htmlFor="policy-tau">Parity tolerance τ</label>
            <input id="policy-tau" name="tau" type="number" step="0.01" min="0.01" max="1" required defaultValue={policy.tau} />
            <FieldError errors={errors} name="tau" />
          </div>
          <div className="field">
            <label htmlFor="policy-dpd">Max demographic parity difference</label>
            <input id="policy-dpd" name="maxDemographicParityDifference" type="number" step="0.01" min="0.01" max="0.99" required defaultValue={policy.maxDemographicParityDifference} />
            <FieldError errors={errors} name="maxDemographicParityDifference" />
          </div>
          <div className="field">
            <label htmlFor="policy-eod">Max equalized odds difference</label>
            <input id="policy-eod" name="maxEqualizedOddsDifference" type="number" step="0.01" min="0.01" max="0.99" required defaultValue={policy.maxEqualizedOddsDifference} />
            <FieldError errors={errors} name="maxEqualizedOddsDifference" />
          </div>
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor="policy-warn">Warn margin</label>
            <input id="policy-warn" name="warnMargin" type="number" step="0.01" min="0" max="0.99" required defaultValue={policy.warnMargin} />
            <FieldError errors={errors} name="warnMargin" />
          </div>
          <div className="field">
            <label htmlFor="policy-min">Minimum group rows</label>
            <input id="policy-min" name="minGroupRows" type="number" step="1" min="1" required defaultValue={policy.minGroupRows} />
            <FieldError errors={errors} name="minGroupRows" />
          </div>
          <div className="field">
            <label htmlFor="policy-sensitive">Required sensitive columns</label>
            <input id="policy-sensitive" name="requiredSensitive" placeholder="e.g. gender, ethnicity (none: the requester chooses)" defaultValue={policy.requiredSensitive.join(', ')} />
            <FieldError errors={errors} name="requiredSensitive" />
          </div>
        </div>
        <fieldset className="field">
          <legend>Parity flags that decide the verdict</legend>
          {AEQUITAS_METRICS.map((m) => (
            <label key={m} style={{ marginRight: '1rem' }}>
              <input type="checkbox" name="parityMetrics" value={m} defaultChecked={policy.parityMetrics.includes(m)} /> {METRIC_LABELS[m]}
            </label>
          ))}
          <FieldError errors={errors} name="parityMetrics" />
        </fieldset>
        {canEdit ? (
          <div>
            <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
              {busy ? 'Saving…' : 'Save the policy'}
            </button>
          </div>
        ) : null}
      </fieldset>
      {!canEdit ? <p className="muted" data-policy-readonly="true">Only an owner or admin of the organisation changes the fairness policy.</p> : null}
    </form>
  );
}
