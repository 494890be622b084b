'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { FAIRNESS_REVIEW_DECISIONS } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

const LABELS: Record<(typeof FAIRNESS_REVIEW_DECISIONS)[number], string> = {
  APPROVED: 'Approved',
  APPROVED_WITH_CONDITIONS: 'Approved with conditions',
  REJECTED: 'Rejected',
};

export function ReviewForm({ orgId, auditId }: { orgId: string; auditId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await browserApi.fairnessAudits.review(orgId, auditId, { decision: String(f.get('decision')) as (typeof FAIRNESS_REVIEW_DECISIONS)[number], note: String(f.get('note') ?? '') });
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Ethics review sign-off">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
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
