'use client';
// Adds a candidate (stage Applied) to an open role.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError, type FieldErrors } from '../../lib/forms';

export function AddCandidateForm(props: { orgId: string; roleId: string; roleTitle: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
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
      setErrors({});
      router.refresh();
    } catch (err) {
      const p = describeError(err, ['name', 'appliedAt', 'note']);
      setErrors(p.fields);
      setError(p.form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form noValidate onSubmit={submit} className="actions" style={{ gap: 6, flexWrap: 'wrap', marginTop: 8 }} aria-label={`Add a candidate for ${props.roleTitle}`}>
      <span>
        <input name="name" required maxLength={120} placeholder="Candidate name" aria-label="Candidate name" aria-invalid={errors.name ? true : undefined} />
        {errors.name ? <span className="field-error">{errors.name}</span> : null}
      </span>
      <span>
        <input name="appliedAt" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} aria-label="Applied on" aria-invalid={errors.appliedAt ? true : undefined} />
        {errors.appliedAt ? <span className="field-error">{errors.appliedAt}</span> : null}
      </span>
      <span>
        <input name="note" maxLength={2000} placeholder="Note" aria-label="Note" aria-invalid={errors.note ? true : undefined} />
        {errors.note ? <span className="field-error">{errors.note}</span> : null}
      </span>
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
