'use client';
// Closes an open role without a hire (a hire closes its role by itself). A date before the role
// opened comes back as the API's field error, shown next to the date.
import { browserApi } from '../../lib/browser-api';
import { FieldError, useApiForm } from '../../lib/forms';

export function CloseRoleForm(props: { orgId: string; roleId: string; roleTitle: string }) {
  // No reset, as before: the date stays as picked, including after a refused date.
  const { errors, formError, busy, onSubmit } = useApiForm(
    ['closedAt'],
    async (data) => {
      await browserApi.team.closeRole(props.orgId, props.roleId, { closedAt: String(data.get('closedAt') ?? '') });
    },
    { reset: false },
  );
  return (
    <form onSubmit={onSubmit} className="actions" style={{ gap: 6, flexWrap: 'wrap', alignItems: 'flex-start' }} aria-label={`Close ${props.roleTitle}`} noValidate>
      <label className="field" style={{ margin: 0 }}>
        <span className="label">Closed on</span>
        <input type="date" name="closedAt" required defaultValue={new Date().toISOString().slice(0, 10)} aria-invalid={errors.closedAt ? true : undefined} />
        <FieldError errors={errors} name="closedAt" />
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
