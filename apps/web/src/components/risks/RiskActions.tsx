'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { RISK_LABELS, RISK_RESPONSES, type RiskDetailView, type RiskResponse, type RiskStatus } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

/** Workflow moves (only the legal ones are offered), owner/response/ratings edits and deletion. */
export function RiskActions({ orgId, risk, members }: { orgId: string; risk: RiskDetailView; members: { userId: string; name: string }[] }) {
  const router = useRouter();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(fn: () => Promise<unknown>, after?: () => void) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setNote('');
      if (after) after();
      else router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="transition-note">Note for the history (needed to close or reopen)</label>
        <input id="transition-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </div>
      <div className="actions" aria-label="Move to">
        {risk.allowedTransitions.map((to: RiskStatus) => (
          <button key={to} type="button" className="btn btn-sm" disabled={busy} onClick={() => run(() => browserApi.risks.transition(orgId, risk.id, to, note))}>
            → {RISK_LABELS.status[to]}
          </button>
        ))}
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor="edit-owner">Owner</label>
          <select id="edit-owner" defaultValue={risk.ownerId ?? ''} disabled={busy} onChange={(e) => run(() => browserApi.risks.update(orgId, risk.id, { ownerId: e.target.value || null }))}>
            <option value="">Nobody</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="edit-response">Response</label>
          <select
            id="edit-response"
            defaultValue={risk.response ?? ''}
            disabled={busy}
            onChange={(e) => run(() => browserApi.risks.update(orgId, risk.id, { response: (e.target.value || null) as RiskResponse | null }))}
          >
            <option value="">Not decided</option>
            {RISK_RESPONSES.map((r) => (
              <option key={r} value={r}>
                {RISK_LABELS.response[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="edit-review">Review date</label>
          <input
            id="edit-review"
            type="date"
            defaultValue={risk.reviewDate ?? ''}
            disabled={busy}
            onBlur={(e) => {
              if ((e.target.value || null) !== risk.reviewDate) void run(() => browserApi.risks.update(orgId, risk.id, { reviewDate: e.target.value || null }));
            }}
          />
        </div>
        {(['residualLikelihood', 'residualImpact'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`edit-${k}`}>{k === 'residualLikelihood' ? 'Residual likelihood' : 'Residual impact'}</label>
            <select id={`edit-${k}`} defaultValue={String(risk[k])} disabled={busy} onChange={(e) => run(() => browserApi.risks.update(orgId, risk.id, { [k]: Number(e.target.value) }))}>
              {[1, 2, 3, 4, 5].map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div>
        <button
          type="button"
          className="btn btn-danger btn-sm"
          disabled={busy}
          onClick={() => {
            if (!window.confirm(`Delete “${risk.title}”? The deletion is recorded in the audit log.`)) return;
            void run(
              () => browserApi.risks.delete(orgId, risk.id),
              () => {
                router.push(`/orgs/${orgId}/risks`);
                router.refresh();
              },
            );
          }}
        >
          Delete risk
        </button>
      </div>
    </div>
  );
}
