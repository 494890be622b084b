'use client';
import { FAIRNESS_REVIEW_DECISIONS } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { FormError, useApiForm } from '../../lib/forms';

const LABELS: Record<(typeof FAIRNESS_REVIEW_DECISIONS)[number], string> = {
  APPROVED: 'Approved',
  APPROVED_WITH_CONDITIONS: 'Approved with conditions',
  REJECTED: 'Rejected',
};

export function ReviewForm({ orgId, auditId }: { orgId: string; auditId: string }) {
  // No reset, as before: the decision and note stay as signed, so a failure keeps what was typed.
  const { formError: error, busy, onSubmit } = useApiForm(
    [],
    async (f) => {
      await browserApi.fairnessAudits.review(orgId, auditId, { decision: String(f.get('decision')) as (typeof FAIRNESS_REVIEW_DECISIONS)[number], note: String(f.get('note') ?? '') });
    },
    { reset: false },
  );
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Ethics review sign-off">
      <FormError message={error} />
      <div className="form-row">
        <div className="field">
          <label htmlFor="review-decision">Decision</label>
          <select id="review-decision" name="decision" defaultValue="REJECTED">
            {FAIRNESS_REVIEW_DECISIONS.map((d) => (
              <option key={d} value={d}>
                {LABELS[d]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: 3 }}>
          <label htmlFor="review-note">What the review found</label>
          <input id="review-note" name="note" required maxLength={4000} />
        </div>
      </div>
      <div>
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
          {busy ? 'Signing…' : 'Sign the review'}
        </button>
      </div>
    </form>
  );
}
