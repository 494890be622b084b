'use client';
// Ends one allocation (the API's "0 %" on that project), next to the allocation it ends.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function EndAllocationButton(props: { orgId: string; memberId: string; memberName: string; projectId: string; projectName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function end() {
    setBusy(true);
    setError(null);
    try {
      await browserApi.team.setAllocation(props.orgId, props.memberId, { projectId: props.projectId, percent: 0 });
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="btn btn-sm btn-link" style={{ marginLeft: 4 }} disabled={busy} onClick={() => void end()} aria-label={`End ${props.memberName}'s allocation to ${props.projectName}`} title="End this allocation">
        {busy ? '…' : 'end'}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
