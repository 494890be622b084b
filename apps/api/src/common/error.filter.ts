import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody, ErrorCode, ErrorIssue } from '@meridian/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { AppError, httpStatusFor } from './app-error';

interface Normalised {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
  headers?: Record<string, string>;
  /** Unexpected: log with the stack, answer a generic message. */
  internal: boolean;
}

const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this server accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', message: 'The body is empty but Content-Type says JSON; send a JSON body or no Content-Type' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', message: 'The body is not valid JSON' },
};

/** Maps anything thrown to a code, without ever exposing internals (stack, SQL, Prisma messages). */
export function normalise(e: unknown): Normalised {
  if (e instanceof AppError) return { code: e.code, message: e.message, issues: e.issues, headers: e.headers, internal: e.code === 'INTERNAL' };
  const fastifyCode = (e as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string') {
    const known = FASTIFY_CODES[fastifyCode];
    if (known) return { ...known, internal: false };
    // A SyntaxError from the JSON parser carries statusCode 400 without a FST_ code.
  }
  if (e instanceof SyntaxError && (e as { statusCode?: number }).statusCode === 400) {
    return { code: 'BAD_REQUEST', message: 'The body is not valid JSON', internal: false };
  }
  if (e instanceof HttpException) {
    const status = e.getStatus();
    // Nest's router answers unknown routes with a bare NotFoundException; ours always throw AppError.
    if (status === 404) return { code: 'ROUTE_NOT_FOUND', message: 'No such route; see /api/docs for the API', internal: false };
    if (status === 413) return { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this server accepts', internal: false };
    if (status === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json', internal: false };
    if (status === 429) return { code: 'RATE_LIMITED', message: 'Too many requests; slow down', internal: false };
    if (status === 401) return { code: 'UNAUTHENTICATED', message: 'Sign in first', internal: false };
    if (status === 403) return { code: 'FORBIDDEN', message: 'Not allowed', internal: false };
    if (status >= 400 && status < 500) return { code: 'BAD_REQUEST', message: safeMessage(e), internal: false };
    return { code: 'INTERNAL', message: 'Something went wrong on our side', internal: true };
  }
  const status = (e as { statusCode?: unknown })?.statusCode;
  if (status === 413) return { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than this server accepts', internal: false };
  if (status === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json', internal: false };
  if (typeof status === 'number' && status >= 400 && status < 500) return { code: 'BAD_REQUEST', message: 'The request could not be read', internal: false };
  return { code: 'INTERNAL', message: 'Something went wrong on our side', internal: true };
}

function safeMessage(e: HttpException): string {
  const r = e.getResponse();
  const m = typeof r === 'string' ? r : (r as { message?: unknown }).message;
  return typeof m === 'string' ? m.slice(0, 300) : 'Bad request';
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(e: unknown, host: ArgumentsHost): unknown {
    const n = normalise(e);
    const type = host.getType<string>();
    if (type === 'graphql') {
      const ctx = host.getArgByIndex<{ req?: FastifyRequest }>(2);
      const correlationId = String(ctx?.req?.id ?? '');
      this.log(n, e, correlationId);
      const message = n.internal ? 'Something went wrong on our side' : n.message;
      return new GraphQLError(message, { extensions: { code: n.code, status: httpStatusFor(n.code), correlationId, ...(n.issues ? { issues: n.issues } : {}) } });
    }
    const http = host.switchToHttp();
    sendHttpError(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), e, this.logger);
    return undefined;
  }

  private log(n: Normalised, e: unknown, requestId: string): void {
    logError(this.logger, n, e, requestId);
  }
}

function logError(logger: Logger, n: Normalised, e: unknown, requestId: string): void {
  if (n.internal) logger.error({ err: e, requestId, code: n.code }, 'request failed');
  else logger.debug({ requestId, code: n.code, message: n.message }, 'request rejected');
}

/** The one HTTP error writer: Nest's filter and Fastify's own error handler (body parsing) both use it. */
export function sendHttpError(req: FastifyRequest, reply: FastifyReply, e: unknown, logger: Logger): void {
  const n = normalise(e);
  const correlationId = String(req.id);
  logError(logger, n, e, correlationId);
  const body: ErrorBody = { error: { code: n.code, message: n.message, correlationId, ...(n.issues ? { issues: n.issues } : {}) } };
  if (n.headers) void reply.headers(n.headers);
  void reply.header('x-request-id', correlationId).status(httpStatusFor(n.code)).type('application/json').send(body);
}
