'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../lib/browser-api';
import { describeError } from '../lib/forms';

export function DeleteProjectButton({ orgId, projectId, projectName }: { orgId: string; projectId: string; projectName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    if (!window.confirm(`Delete “${projectName}”? This cannot be undone; the deletion is recorded in the audit log.`)) return;
    setBusy(true);
    setError(null);
    try {
      await browserApi.projects.delete(orgId, projectId);
      router.push(`/orgs/${orgId}/projects`);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="btn btn-danger" onClick={remove} disabled={busy}>
        {busy ? 'Deleting…' : 'Delete'}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
