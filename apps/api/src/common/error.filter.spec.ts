import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ERROR_CODES, ZCreateProjectSchema } from '@meridian/domain';
import { describe, expect, it } from 'vitest';
import { AppError, httpStatusFor, zodIssues } from './app-error';
import { normalise } from './error.filter';

describe('error normalisation', () => {
  it('maps every code to its HTTP status', () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) expect(httpStatusFor(code as keyof typeof ERROR_CODES)).toBe(status);
  });

  it('never passes an unexpected error message through', () => {
    const n = normalise(new Error('duplicate key value violates unique constraint "User_email_key" SELECT * FROM "User"'));
    expect(n).toMatchObject({ code: 'INTERNAL', internal: true });
    expect(n.message).not.toMatch(/SELECT|User_email_key/);
  });

  it('maps Fastify body errors to their codes', () => {
    expect(normalise(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).code).toBe('PAYLOAD_TOO_LARGE');
    expect(normalise(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(normalise(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 })).code).toBe('BAD_REQUEST');
  });

  it('treats Nest router 404s as unknown routes and keeps AppError codes', () => {
    expect(normalise(new NotFoundException('Cannot GET /nope')).code).toBe('ROUTE_NOT_FOUND');
    expect(normalise(AppError.notFound('project')).code).toBe('NOT_FOUND');
    expect(normalise(new BadRequestException('bad')).code).toBe('BAD_REQUEST');
  });

  it('gives field paths and what was expected for Zod issues', () => {
    const r = ZCreateProjectSchema.safeParse({ name: 'x', startupMode: 'NOPE', goal: { metric: 'auc' } });
    expect(r.success).toBe(false);
    const issues = zodIssues(r.error!);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name', expected: 'at least 2 characters' }),
        expect.objectContaining({ path: 'startupMode', expected: expect.stringContaining('"RND"') }),
        expect.objectContaining({ path: 'businessModel' }),
      ]),
    );
  });
});
