'use client';
// Opens a role to hire for. The API's field errors (an unknown role, a bad date) show next to
// their fields; anything else above the form.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import type { TeamRoleView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError, withoutField, type FieldErrors } from '../../lib/forms';

const FIELDS = ['title', 'role', 'openedAt'] as const;

export function OpenRoleForm(props: { orgId: string; roles: TeamRoleView[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setFormError(null);
    try {
      await browserApi.team.openRole(props.orgId, { title: String(data.get('title') ?? ''), role: String(data.get('role') ?? ''), openedAt: String(data.get('openedAt') ?? '') });
      setErrors({});
      form.reset();
      router.refresh();
    } catch (err) {
      const p = describeError(err, FIELDS);
      setErrors(p.fields);
      setFormError(p.form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} onInput={(e) => setErrors((x) => withoutField(x, (e.target as HTMLInputElement).name))} aria-label="Open a role" noValidate>
      {formError ? (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      ) : null}
      <div className="form-row">
        <label className="field">
          <span className="label">Role title</span>
          <input type="text" name="title" required maxLength={120} placeholder="Senior ML engineer" aria-invalid={errors.title ? true : undefined} />
          {errors.title ? <span className="field-error">{errors.title}</span> : null}
        </label>
        <label className="field">
          <span className="label">Job role</span>
          <select name="role" required aria-invalid={errors.role ? true : undefined}>
            {props.roles.map((r) => (
              <option key={r.key} value={r.key}>
                {r.label}
              </option>
            ))}
          </select>
          {errors.role ? <span className="field-error">{errors.role}</span> : null}
        </label>
        <label className="field">
          <span className="label">Opened on</span>
          <input type="date" name="openedAt" required defaultValue={new Date().toISOString().slice(0, 10)} aria-invalid={errors.openedAt ? true : undefined} />
          {errors.openedAt ? <span className="field-error">{errors.openedAt}</span> : null}
        </label>
      </div>
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Opening…' : 'Open role'}
        </button>
      </div>
    </form>
  );
}
