'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { ZCreateOrganizationSchema } from '@meridian/domain';
import { browserApi } from '../lib/browser-api';
import { describeError, zodFieldErrors, type FieldErrors } from '../lib/forms';
import { Field, FormError } from './Field';

export function CreateOrgForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZCreateOrganizationSchema.safeParse({ name: new FormData(event.currentTarget).get('name') });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const org = await browserApi.orgs.create(parsed.data);
      router.push(`/orgs/${org.organizationId}`);
      router.refresh();
    } catch (err) {
      const p = describeError(err, ['name']);
      setErrors(p.fields);
      setFormError(p.form);
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="New organisation">
      <FormError message={formError} />
      <Field id="org-name" label="Organisation name" error={errors.name} hint="Your company, or a team with its own projects, members and keys. You become its owner.">
        {(aria) => <input {...aria} name="name" type="text" maxLength={120} required autoFocus />}
      </Field>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create organisation'}
      </button>
    </form>
  );
}
