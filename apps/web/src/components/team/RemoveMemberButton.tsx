'use client';
// Removes a person from the team (admins only, like the API). Two steps, because their
// allocations, skills and reviews go with them; tasks and milestones they own become unassigned.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function RemoveMemberButton(props: { orgId: string; memberId: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await browserApi.team.deleteMember(props.orgId, props.memberId);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
      setBusy(false);
    }
  }
  if (!confirming) {
    return (
      <button type="button" className="btn btn-sm" onClick={() => setConfirming(true)} aria-label={`Remove ${props.name}`}>
        Remove
      </button>
    );
  }
  return (
    <span className="actions" style={{ gap: 4, flexWrap: 'wrap' }} role="group" aria-label={`Confirm removing ${props.name}`}>
      <span className="muted" style={{ fontSize: 12 }}>
        Remove {props.name} with their allocations and reviews?
      </span>
      <button type="button" className="btn btn-sm btn-danger" disabled={busy} onClick={() => void remove()}>
        {busy ? 'Removing…' : 'Yes, remove'}
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
