'use client';
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ZLoginSchema } from '@meridian/domain';
import { browserApi } from '../lib/browser-api';
import { describeError, withoutField, zodFieldErrors, type FieldErrors } from '../lib/forms';
import { Field, FormError } from './Field';

const FIELDS = ['email', 'password'] as const;

export function safeNext(next: string | null | undefined): string {
  // Only same-site paths: `//evil.example` would be an open redirect.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginForm({ next }: { next?: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = ZLoginSchema.safeParse({ email: data.get('email'), password: data.get('password') });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      setFormError(null);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await browserApi.auth.login(parsed.data);
      router.replace(safeNext(next));
      router.refresh();
    } catch (err) {
      const problem = describeError(err, FIELDS);
      setErrors(problem.fields);
      setFormError(problem.form);
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} onInput={(e) => setErrors((prev) => withoutField(prev, (e.target as HTMLInputElement).name))} noValidate aria-label="Sign in">
      <FormError message={formError} />
      <Field id="email" label="Work email" error={errors.email}>
        {(aria) => <input {...aria} name="email" type="email" autoComplete="email" required autoFocus />}
      </Field>
      <Field id="password" label="Password" error={errors.password}>
        {(aria) => <input {...aria} name="password" type="password" autoComplete="current-password" required />}
      </Field>
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="auth-switch">
        New to Meridian? <Link href="/signup">Create an account</Link>
      </p>
    </form>
  );
}
