'use client';
// Closes an open role without a hire (a hire closes its role by itself). A date before the role
// opened comes back as the API's field error, shown next to the date.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError, type FieldErrors } from '../../lib/forms';

export function CloseRoleForm(props: { orgId: string; roleId: string; roleTitle: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setFormError(null);
    try {
      await browserApi.team.closeRole(props.orgId, props.roleId, { closedAt: String(data.get('closedAt') ?? '') });
      setErrors({});
      router.refresh();
    } catch (err) {
      const p = describeError(err, ['closedAt']);
      setErrors(p.fields);
      setFormError(p.form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="actions" style={{ gap: 6, flexWrap: 'wrap', alignItems: 'flex-start' }} aria-label={`Close ${props.roleTitle}`} noValidate>
      <label className="field" style={{ margin: 0 }}>
        <span className="label">Closed on</span>
        <input type="date" name="closedAt" required defaultValue={new Date().toISOString().slice(0, 10)} aria-invalid={errors.closedAt ? true : undefined} />
        {errors.closedAt ? <span className="field-error">{errors.closedAt}</span> : null}
      </label>
      <button className="btn btn-sm" type="submit" disabled={busy} style={{ alignSelf: 'flex-end' }}>
        {busy ? 'Closing…' : 'Close without a hire'}
      </button>
      {formError ? (
        <span className="field-error" role="alert">
          {formError}
        </span>
      ) : null}
    </form>
  );
}
