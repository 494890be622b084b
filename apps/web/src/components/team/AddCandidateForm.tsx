'use client';
// Adds a candidate (stage Applied) to an open role.
import { browserApi } from '../../lib/browser-api';
import { FieldError, useApiForm } from '../../lib/forms';

export function AddCandidateForm(props: { orgId: string; roleId: string; roleTitle: string }) {
  const { errors, formError: error, busy, onSubmit } = useApiForm(['name', 'appliedAt', 'note'], async (data) => {
    await browserApi.team.addCandidate(props.orgId, props.roleId, { name: String(data.get('name') ?? ''), appliedAt: String(data.get('appliedAt')), note: String(data.get('note') ?? '') });
  });
  return (
    <form noValidate onSubmit={onSubmit} className="actions" style={{ gap: 6, flexWrap: 'wrap', marginTop: 8 }} aria-label={`Add a candidate for ${props.roleTitle}`}>
      <span>
        <input name="name" required maxLength={120} placeholder="Candidate name" aria-label="Candidate name" aria-invalid={errors.name ? true : undefined} />
        <FieldError errors={errors} name="name" />
      </span>
      <span>
        <input name="appliedAt" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} aria-label="Applied on" aria-invalid={errors.appliedAt ? true : undefined} />
        <FieldError errors={errors} name="appliedAt" />
      </span>
      <span>
        <input name="note" maxLength={2000} placeholder="Note" aria-label="Note" aria-invalid={errors.note ? true : undefined} />
        <FieldError errors={errors} name="note" />
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
