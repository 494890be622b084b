import type { ErrorBody, ErrorCode, ErrorIssue } from '@meridian/domain';

/** A non-2xx answer from the API, carrying the error body's code, issues and correlation id. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK_ERROR' | 'INVALID_RESPONSE';
  readonly correlationId: string | null;
  readonly issues: ErrorIssue[];

  constructor(init: {
    status: number;
    code: ApiError['code'];
    message: string;
    correlationId?: string | null;
    issues?: ErrorIssue[];
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.correlationId = init.correlationId ?? null;
    this.issues = init.issues ?? [];
  }

  /** Issues keyed by field path (`goal.threshold`), first message wins; '' holds whole-body issues. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) {
      if (!(issue.path in out)) out[issue.path] = issue.message;
    }
    return out;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Turns any non-2xx response into an ApiError, even when the body is not the documented shape (a proxy's HTML page). */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (isErrorBody(body)) {
    return new ApiError({
      status: res.status,
      code: body.error.code,
      message: body.error.message,
      correlationId: body.error.correlationId ?? res.headers.get('x-correlation-id'),
      issues: Array.isArray(body.error.issues) ? body.error.issues : [],
    });
  }
  return new ApiError({
    status: res.status,
    code: res.status >= 500 ? 'INTERNAL' : 'INVALID_RESPONSE',
    message: `The API answered ${res.status} ${res.statusText || ''} without an error body`.trim(),
    correlationId: res.headers.get('x-correlation-id') ?? res.headers.get('x-request-id'),
  });
}
