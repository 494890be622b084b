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
