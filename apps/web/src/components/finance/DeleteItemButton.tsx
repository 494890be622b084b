'use client';
// Deletes one row of the company pages (a budget, cost entry, funding round, revenue stream,
// milestone or survey) after a second click. Server components cannot hand a callback to the
// browser, so the row says what it is and this component picks the API call.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export type DeletableItem =
  | { kind: 'budget' | 'cost' | 'funding' | 'revenue' | 'milestone'; id: string }
  | { kind: 'survey'; id: string; projectId: string };

function remove(orgId: string, item: DeletableItem): Promise<void> {
  switch (item.kind) {
    case 'budget':
      return browserApi.finance.budgets.delete(orgId, item.id);
    case 'cost':
      return browserApi.finance.costs.delete(orgId, item.id);
    case 'funding':
      return browserApi.finance.fundingRounds.delete(orgId, item.id);
    case 'revenue':
      return browserApi.finance.revenueStreams.delete(orgId, item.id);
    case 'milestone':
      return browserApi.progress.deleteMilestone(orgId, item.id);
    case 'survey':
      return browserApi.feedback.surveys.delete(orgId, item.projectId, item.id);
  }
}

export function DeleteItemButton(props: { orgId: string; item: DeletableItem; label: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await remove(props.orgId, props.item);
      setConfirming(false);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  if (!confirming) {
    return (
      <button type="button" className="btn btn-sm btn-link" onClick={() => setConfirming(true)} aria-label={`Delete ${props.label}`}>
        Delete
      </button>
    );
  }
  return (
    <span className="actions" style={{ gap: 4, flexWrap: 'wrap' }} role="group" aria-label={`Confirm deleting ${props.label}`}>
      <button type="button" className="btn btn-sm btn-danger" disabled={busy} onClick={() => void run()}>
        {busy ? 'Deleting…' : 'Yes, delete'}
      </button>
      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
