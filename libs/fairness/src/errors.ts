import type { ErrorIssue } from '@meridian/domain';

export type FairnessErrorCode =
  | 'UNKNOWN_COLUMN'
  | 'LENGTH_MISMATCH'
  | 'NOT_BINARY'
  | 'MISSING_VALUE'
  | 'NEGATIVE_WEIGHT'
  | 'INVALID_WEIGHT'
  | 'EMPTY_GROUP'
  | 'EMPTY_INPUT'
  | 'INVALID_SCORE'
  | 'INVALID_OPTION'
  | 'TOO_MANY_GROUPS';

/**
 * Bad input to a fairness computation. The message says what is wrong, where, and what to do;
 * `issues` carries the same in the shape the API answers (maps to VALIDATION_FAILED / 400).
 */
export class FairnessInputError extends Error {
  override readonly name = 'FairnessInputError';
  readonly issues: ErrorIssue[];

  constructor(
    readonly code: FairnessErrorCode,
    message: string,
    readonly path = '',
    expected?: string,
  ) {
    super(message);
    this.issues = [{ path, message, ...(expected ? { expected } : {}) }];
  }
}
