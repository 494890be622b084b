import { ERROR_CODES, type ErrorCode, type ErrorIssue } from '@meridian/domain';
import type { z } from 'zod';

/**
 * The one exception our code throws for anything a client should see. The global filter turns it
 * into the ErrorBody (REST) or a GraphQL error with the same code (extensions.code).
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = httpStatusFor(code);
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }
  static forbidden(message: string): AppError {
    return new AppError('FORBIDDEN', message);
  }
  static conflict(message: string): AppError {
    return new AppError('CONFLICT', message);
  }
  static unauthenticated(message = 'Sign in, or send an API key as `Authorization: Bearer <key>`'): AppError {
    return new AppError('UNAUTHENTICATED', message);
  }
  static validation(issues: ErrorIssue[], message?: string): AppError {
    const first = issues[0];
    const summary =
      message ??
      (first ? `${first.path || 'body'}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}` : 'invalid input');
    return new AppError('VALIDATION_FAILED', `Invalid input: ${summary}`, issues);
  }
}

/** Exhaustive: adding a code to ERROR_CODES without a status fails to compile in the domain lib. */
export function httpStatusFor(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** Turns Zod issues into field paths plus what was expected, e.g. `goal.threshold`. */
export function zodIssues(error: z.ZodError, prefix?: string): ErrorIssue[] {
  return error.issues.map((i) => {
    const path = [...(prefix ? [prefix] : []), ...i.path.map(String)].join('.');
    const out: ErrorIssue = { path, message: i.message };
    const expected = describeExpected(i);
    if (expected) out.expected = expected;
    return out;
  });
}

function describeExpected(i: z.core.$ZodIssue): string | undefined {
  switch (i.code) {
    case 'invalid_type':
      return i.expected;
    case 'invalid_value':
      return `one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return i.origin === 'string'
        ? `at least ${String(i.minimum)} characters`
        : i.origin === 'array'
          ? `at least ${String(i.minimum)} items`
          : `${i.inclusive ? '>=' : '>'} ${String(i.minimum)}`;
    case 'too_big':
      return i.origin === 'string'
        ? `at most ${String(i.maximum)} characters`
        : i.origin === 'array'
          ? `at most ${String(i.maximum)} items`
          : `${i.inclusive ? '<=' : '<'} ${String(i.maximum)}`;
    case 'invalid_format':
      return i.format;
    case 'unrecognized_keys':
      return `no extra keys (${i.keys.join(', ')})`;
    default:
      return undefined;
  }
}
