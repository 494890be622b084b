import { createElement, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { ApiError } from '@meridian/sdk';

export type FieldErrors = Record<string, string>;

interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  expected?: unknown;
}

/**
 * Zod's built-in messages are written for developers ("Invalid option: expected one of
 * \"RND\"|…"). Schemas with their own message keep it; the generic ones get plain words.
 */
export function friendlyMessage(issue: IssueLike): string {
  const generic = /^(Invalid option|Invalid input|Too small|Too big)/.test(issue.message);
  if (!generic) return issue.message;
  switch (issue.code) {
    case 'invalid_value':
      return 'Choose one of the options.';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Required.' : `Must be at least ${String(issue.minimum)} characters.`;
      return `Must be at least ${String(issue.minimum)}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Must be at most ${String(issue.maximum)} characters.`;
      return `Must be at most ${String(issue.maximum)}.`;
    case 'invalid_type':
      return issue.expected === 'number' ? 'Enter a number.' : 'Required.';
    default:
      return issue.message;
  }
}

/** Zod issues to `{ 'goal.threshold': 'message' }`, the same keys the API uses in its issue paths. */
export function zodFieldErrors(issues: ReadonlyArray<IssueLike>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (!(key in out)) out[key] = friendlyMessage(issue);
  }
  return out;
}

export interface SubmitProblem {
  fields: FieldErrors;
  /** A message for the whole form (rate limit, network, a rule that is not about one field). */
  form: string | null;
}

/** Turns whatever a submit threw into messages next to fields plus one form-level message. */
export function describeError(err: unknown, knownFields: readonly string[]): SubmitProblem {
  if (!(err instanceof ApiError)) {
    return { fields: {}, form: err instanceof Error ? err.message : 'Something went wrong. Try again.' };
  }
  if (err.code === 'RATE_LIMITED') {
    // The API's message already says when to retry; only fall back to our own words without one.
    return { fields: {}, form: err.message || 'Too many attempts. Wait a minute, then try again.' };
  }
  if (err.code === 'NETWORK_ERROR') {
    return { fields: {}, form: 'The Meridian API cannot be reached right now. Check that it is running, then try again.' };
  }
  const fields: FieldErrors = {};
  const stray: string[] = [];
  for (const [path, message] of Object.entries(err.fieldErrors())) {
    const field = knownFields.find((f) => path === f || path.startsWith(`${f}.`));
    if (field) fields[field] ??= message;
    else stray.push(path ? `${path}: ${message}` : message);
  }
  let form: string | null = null;
  if (stray.length || Object.keys(fields).length === 0) {
    form = [err.message, ...stray].filter(Boolean).join(' — ');
  }
  if (form && err.correlationId && err.status >= 500) form += ` (reference ${err.correlationId})`;
  return { fields, form };
}

/** Drops the error of the field the user is editing (input names match error keys). */
export function withoutField(errors: FieldErrors, name: string | undefined): FieldErrors {
  if (!name || !(name in errors)) return errors;
  const next = { ...errors };
  delete next[name];
  return next;
}

export interface ApiFormOptions {
  /** Clear the inputs after a successful submit (default true); off for forms that edit something in place. */
  reset?: boolean;
  /** Re-render the server components after a successful submit (default true) so lists show the change. */
  refresh?: boolean;
  /** Last word on where an error shows, for cases describeError cannot know (a 409 that is about one field). */
  mapError?: (problem: SubmitProblem) => SubmitProblem;
}

/**
 * The submit cycle most dashboard forms share, kept in one place so they all behave the same:
 * the form-level message is cleared when a new attempt starts, field errors stay until the attempt
 * settles (so they do not flicker away while the request is in flight), and a failure leaves the
 * inputs as typed so the user can fix them. `onInput` drops a field's error as soon as it is edited.
 */
export function useApiForm(fields: readonly string[], action: (data: FormData, form: HTMLFormElement) => Promise<void>, opts: ApiFormOptions = {}) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setFormError(null);
    try {
      await action(data, form);
      setErrors({});
      if (opts.reset ?? true) form.reset();
      if (opts.refresh ?? true) router.refresh();
    } catch (err) {
      const described = describeError(err, fields);
      const p = opts.mapError ? opts.mapError(described) : described;
      setErrors(p.fields);
      setFormError(p.form);
    } finally {
      setBusy(false);
    }
  }
  const onInput = (e: FormEvent<HTMLFormElement>) => setErrors((x) => withoutField(x, (e.target as HTMLInputElement).name));
  return { errors, setErrors, formError, busy, onSubmit, onInput };
}

/** The message above a form for what is not about one field; nothing when there is none. */
export function FormError(props: { message: string | null | undefined }) {
  // createElement rather than JSX keeps this module a plain .ts file next to the helpers it shares.
  return props.message ? createElement('div', { className: 'alert alert-error', role: 'alert' }, props.message) : null;
}

/** The message under one input, when the last submit put one there. */
export function FieldError(props: { errors: FieldErrors; name: string }) {
  const message = props.errors[props.name];
  return message ? createElement('span', { className: 'field-error' }, message) : null;
}
