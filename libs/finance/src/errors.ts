import type { ErrorIssue, FinanceErrorCode } from '@meridian/domain';

/** Every finance failure carries a code (see FINANCE_ERROR_CODES) and the offending paths. */
export class FinanceError extends Error {
  override readonly name = 'FinanceError';
  constructor(
    readonly code: FinanceErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
  }
}
