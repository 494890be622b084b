// Every error a client can see carries one of these codes. The API maps each code to one HTTP
// status exhaustively (apps/api/src/common/errors), and the SDK turns responses back into ApiError.
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CONFLICT: 409,
  /** An Idempotency-Key sent again with a different request body: a new request needs a new key. */
  IDEMPOTENCY_KEY_REUSED: 409,
  /** Well-formed, but refers to something that does not fit (e.g. a model version of another project). */
  UNPROCESSABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorIssue {
  /** Dotted path of the offending field, e.g. `goal.threshold`; empty for the whole body. */
  path: string;
  message: string;
  expected?: string;
}

/** The one error body shape every endpoint answers. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    correlationId: string;
    issues?: ErrorIssue[];
  };
}
