import { ZCreateProjectSchema, ZSignUpSchema } from '@meridian/domain';
import { ApiError } from '@meridian/sdk';
import { describe, expect, it } from 'vitest';
import { describeError, withoutField, zodFieldErrors } from './forms';

describe('zodFieldErrors', () => {
  it('keys errors by dotted path, first message per field, from the shared domain schemas', () => {
    const r = ZCreateProjectSchema.safeParse({
      name: 'x',
      startupMode: 'RND',
      businessModel: 'SAAS',
      goal: { statement: '', metric: 'auc', threshold: null, deadline: '31/05/2027' },
    });
    expect(r.success).toBe(false);
    const errors = zodFieldErrors(r.error!.issues);
    expect(Object.keys(errors).sort()).toEqual(['goal.deadline', 'goal.threshold', 'name']);
    expect(errors['goal.deadline']).toContain('2027-05-31');
  });

  it('reports the goal pairing rule on the threshold field', () => {
    const r = ZCreateProjectSchema.safeParse({ name: 'Good name', startupMode: 'RND', businessModel: 'SAAS', goal: { metric: 'auc', threshold: null } });
    expect(zodFieldErrors(r.error!.issues)).toEqual({ 'goal.threshold': 'metric and threshold go together: set both or neither' });
  });

  it('covers every sign-up field, keeping custom messages and rewording generic ones', () => {
    const r = ZSignUpSchema.safeParse({ email: 'nope', password: 'short', name: '', organizationName: 'x' });
    expect(zodFieldErrors(r.error!.issues)).toEqual({
      email: 'must be an email address',
      password: 'must be at least 10 characters',
      name: 'Required.',
      organizationName: 'Must be at least 2 characters.',
    });
  });

  it('asks to choose an option for an empty select and a number for a bad threshold', () => {
    const r = ZCreateProjectSchema.safeParse({ name: 'Good name', startupMode: '', businessModel: 'NOPE', goal: { metric: 'auc', threshold: Number.NaN } });
    expect(zodFieldErrors(r.error!.issues)).toEqual({
      startupMode: 'Choose one of the options.',
      businessModel: 'Choose one of the options.',
      'goal.threshold': 'Enter a number.',
    });
  });
});

describe('describeError', () => {
  const fields = ['email', 'goal.threshold'];

  it('puts API issues next to known fields and the rest in the form message', () => {
    const err = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request body is invalid',
      correlationId: 'c1',
      issues: [
        { path: 'email', message: 'must be an email address' },
        { path: 'goal.threshold', message: 'metric and threshold go together' },
        { path: 'unknownThing', message: 'is not allowed' },
      ],
    });
    expect(describeError(err, fields)).toEqual({
      fields: { email: 'must be an email address', 'goal.threshold': 'metric and threshold go together' },
      form: 'The request body is invalid — unknownThing: is not allowed',
    });
  });

  it('maps a nested issue path to its field prefix', () => {
    const err = new ApiError({ status: 400, code: 'VALIDATION_FAILED', message: 'bad', issues: [{ path: 'goal.threshold.value', message: 'too big' }] });
    expect(describeError(err, fields).fields).toEqual({ 'goal.threshold': 'too big' });
  });

  it('explains rate limiting and an unreachable API in plain words', () => {
    const limited = describeError(new ApiError({ status: 429, code: 'RATE_LIMITED', message: 'Too many attempts; try again in 42 s' }), fields);
    expect(limited).toEqual({ fields: {}, form: 'Too many attempts; try again in 42 s' });
    const bare = describeError(new ApiError({ status: 429, code: 'RATE_LIMITED', message: '' }), fields);
    expect(bare.form).toBe('Too many attempts. Wait a minute, then try again.');
    const down = describeError(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'fetch failed' }), fields);
    expect(down.form).toContain('cannot be reached');
  });

  it('shows the message of a non-field error and the correlation id of a server error', () => {
    expect(describeError(new ApiError({ status: 409, code: 'CONFLICT', message: 'An account with this email exists' }), fields)).toEqual({
      fields: {},
      form: 'An account with this email exists',
    });
    const internal = describeError(new ApiError({ status: 500, code: 'INTERNAL', message: 'Internal error', correlationId: 'abc' }), fields);
    expect(internal.form).toBe('Internal error (reference abc)');
  });
});

describe('withoutField', () => {
  it('drops only the edited field and keeps the same object when nothing changes', () => {
    const errors = { email: 'bad', 'goal.threshold': 'missing' };
    expect(withoutField(errors, 'goal.threshold')).toEqual({ email: 'bad' });
    expect(withoutField(errors, 'name')).toBe(errors);
    expect(withoutField(errors, undefined)).toBe(errors);
  });
});
