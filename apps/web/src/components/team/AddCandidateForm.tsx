'use client';
// Adds a candidate (stage Applied) to an open role.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function AddCandidateForm(props: { orgId: string; roleId: string; roleTitle: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      await browserApi.team.addCandidate(props.orgId, props.roleId, { name: String(data.get('name') ?? ''), appliedAt: String(data.get('appliedAt')), note: String(data.get('note') ?? '') });
      form.reset();
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="actions" style={{ gap: 6, flexWrap: 'wrap', marginTop: 8 }} aria-label={`Add a candidate for ${props.roleTitle}`}>
      <input name="name" required maxLength={120} placeholder="Candidate name" aria-label="Candidate name" />
      <input name="appliedAt" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} aria-label="Applied on" />
      <input name="note" maxLength={2000} placeholder="Note" aria-label="Note" />
      <button className="btn btn-sm" type="submit" disabled={busy}>
        Add candidate
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
