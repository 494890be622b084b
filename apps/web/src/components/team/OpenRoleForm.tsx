'use client';
// Opens a role to hire for. The API's field errors (an unknown role, a bad date) show next to
// their fields; anything else above the form.
import type { TeamRoleView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { FieldError, FormError, useApiForm } from '../../lib/forms';

const FIELDS = ['title', 'role', 'openedAt'] as const;

export function OpenRoleForm(props: { orgId: string; roles: TeamRoleView[] }) {
  const { errors, formError, busy, onSubmit, onInput } = useApiForm(FIELDS, async (data) => {
    await browserApi.team.openRole(props.orgId, { title: String(data.get('title') ?? ''), role: String(data.get('role') ?? ''), openedAt: String(data.get('openedAt') ?? '') });
  });
  return (
    <form className="form" onSubmit={onSubmit} onInput={onInput} aria-label="Open a role" noValidate>
      <FormError message={formError} />
      <div className="form-row">
        <label className="field">
          <span className="label">Role title</span>
          <input type="text" name="title" required maxLength={120} placeholder="Senior ML engineer" aria-invalid={errors.title ? true : undefined} />
          <FieldError errors={errors} name="title" />
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
          <FieldError errors={errors} name="role" />
        </label>
        <label className="field">
          <span className="label">Opened on</span>
          <input type="date" name="openedAt" required defaultValue={new Date().toISOString().slice(0, 10)} aria-invalid={errors.openedAt ? true : undefined} />
          <FieldError errors={errors} name="openedAt" />
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
