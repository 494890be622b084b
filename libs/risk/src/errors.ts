import type { ErrorIssue, RiskErrorCode, RiskStatus } from '@meridian/domain';

/** Every risk failure carries a code (see RISK_ERROR_CODES) and the offending paths. */
export class RiskError extends Error {
  override readonly name: string = 'RiskError';
  constructor(
    readonly code: RiskErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
  }
}

/** A status change the workflow does not allow; `allowed` lists where `from` may go. */
export class IllegalTransitionError extends RiskError {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly from: RiskStatus,
    readonly to: RiskStatus,
    readonly allowed: readonly RiskStatus[],
  ) {
    super(
      'ILLEGAL_TRANSITION',
      `A risk cannot move from ${from} to ${to}; from ${from} it can move to ${allowed.length ? allowed.join(', ') : 'nothing'}`,
      [{ path: 'to', message: `illegal from ${from}`, expected: allowed.join('|') }],
    );
  }
}
