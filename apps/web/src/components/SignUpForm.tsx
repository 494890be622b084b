'use client';
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ZSignUpSchema } from '@meridian/domain';
import { browserApi } from '../lib/browser-api';
import { describeError, withoutField, zodFieldErrors, type FieldErrors } from '../lib/forms';
import { Field, FormError } from './Field';

const FIELDS = ['name', 'email', 'password', 'organizationName'] as const;

export function SignUpForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = ZSignUpSchema.safeParse(Object.fromEntries(FIELDS.map((f) => [f, data.get(f) ?? ''])));
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      setFormError(null);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const me = await browserApi.auth.signUp(parsed.data);
      const org = me.memberships[0];
      router.replace(org ? `/orgs/${org.organizationId}/projects` : '/');
      router.refresh();
    } catch (err) {
      const problem = describeError(err, FIELDS);
      setErrors(problem.fields);
      setFormError(problem.form);
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} onInput={(e) => setErrors((prev) => withoutField(prev, (e.target as HTMLInputElement).name))} noValidate aria-label="Create your account">
      <FormError message={formError} />
      <Field id="name" label="Your name" error={errors.name}>
        {(aria) => <input {...aria} name="name" type="text" autoComplete="name" required autoFocus />}
      </Field>
      <Field id="email" label="Work email" error={errors.email}>
        {(aria) => <input {...aria} name="email" type="email" autoComplete="email" required />}
      </Field>
      <Field id="password" label="Password" error={errors.password} hint="At least 10 characters.">
        {(aria) => <input {...aria} name="password" type="password" autoComplete="new-password" required minLength={10} />}
      </Field>
      <Field id="organizationName" label="Company or team name" error={errors.organizationName} hint="You become its owner; you can invite others later.">
        {(aria) => <input {...aria} name="organizationName" type="text" autoComplete="organization" required />}
      </Field>
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? 'Creating your workspace…' : 'Create account'}
      </button>
      <p className="auth-switch">
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </form>
  );
}
