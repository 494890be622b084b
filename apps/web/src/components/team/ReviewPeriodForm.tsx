'use client';
// Opens a review period (admins). An end before the start, or a name already used, comes back from
// the API and shows next to its field.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError, withoutField, type FieldErrors } from '../../lib/forms';

const FIELDS = ['name', 'startDate', 'endDate'] as const;

export function ReviewPeriodForm(props: { orgId: string }) {
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
      await browserApi.team.createReviewPeriod(props.orgId, { name: String(data.get('name') ?? ''), startDate: String(data.get('startDate') ?? ''), endDate: String(data.get('endDate') ?? '') });
      setErrors({});
      form.reset();
      router.refresh();
    } catch (err) {
      const p = describeError(err, FIELDS);
      // A duplicate name is a 409 about the name field: show it there.
      if (!Object.keys(p.fields).length && p.form && /review period ".*" already exists/.test(p.form)) setErrors({ name: p.form });
      else {
        setErrors(p.fields);
        setFormError(p.form);
      }
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} onInput={(e) => setErrors((x) => withoutField(x, (e.target as HTMLInputElement).name))} aria-label="Open a review period" noValidate>
      {formError ? (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      ) : null}
      <div className="form-row">
        <label className="field">
          <span className="label">Period name</span>
          <input type="text" name="name" required maxLength={80} placeholder="H1 2027" aria-invalid={errors.name ? true : undefined} />
          {errors.name ? <span className="field-error">{errors.name}</span> : null}
        </label>
        <label className="field">
          <span className="label">Starts</span>
          <input type="date" name="startDate" required aria-invalid={errors.startDate ? true : undefined} />
          {errors.startDate ? <span className="field-error">{errors.startDate}</span> : null}
        </label>
        <label className="field">
          <span className="label">Ends</span>
          <input type="date" name="endDate" required aria-invalid={errors.endDate ? true : undefined} />
          {errors.endDate ? <span className="field-error">{errors.endDate}</span> : null}
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
