'use client';
// Opens a review period (admins). An end before the start, or a name already used, comes back from
// the API and shows next to its field.
import { browserApi } from '../../lib/browser-api';
import { FieldError, FormError, useApiForm } from '../../lib/forms';

const FIELDS = ['name', 'startDate', 'endDate'] as const;

export function ReviewPeriodForm(props: { orgId: string }) {
  const { errors, formError, busy, onSubmit, onInput } = useApiForm(
    FIELDS,
    async (data) => {
      await browserApi.team.createReviewPeriod(props.orgId, { name: String(data.get('name') ?? ''), startDate: String(data.get('startDate') ?? ''), endDate: String(data.get('endDate') ?? '') });
    },
    {
      // A duplicate name is a 409 about the name field: show it there.
      mapError: (p) => (!Object.keys(p.fields).length && p.form && /review period ".*" already exists/.test(p.form) ? { fields: { name: p.form }, form: null } : p),
    },
  );
  return (
    <form className="form" onSubmit={onSubmit} onInput={onInput} aria-label="Open a review period" noValidate>
      <FormError message={formError} />
      <div className="form-row">
        <label className="field">
          <span className="label">Period name</span>
          <input type="text" name="name" required maxLength={80} placeholder="H1 2027" aria-invalid={errors.name ? true : undefined} />
          <FieldError errors={errors} name="name" />
        </label>
        <label className="field">
          <span className="label">Starts</span>
          <input type="date" name="startDate" required aria-invalid={errors.startDate ? true : undefined} />
          <FieldError errors={errors} name="startDate" />
        </label>
        <label className="field">
          <span className="label">Ends</span>
          <input type="date" name="endDate" required aria-invalid={errors.endDate ? true : undefined} />
          <FieldError errors={errors} name="endDate" />
        </label>
      </div>
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Open period'}
        </button>
      </div>
    </form>
  );
}
