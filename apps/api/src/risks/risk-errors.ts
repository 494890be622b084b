import { IllegalTransitionError, RiskError } from '@meridian/risk';
import { AppError } from '../common/app-error';

/** libs/risk errors as API errors: an illegal transition is 409 CONFLICT, every other rule 400 VALIDATION_FAILED. */
export function asAppError(e: unknown): unknown {
  if (e instanceof IllegalTransitionError) return new AppError('CONFLICT', e.message, e.issues);
  if (e instanceof RiskError) return AppError.validation(e.issues.length ? e.issues : [{ path: '', message: e.message }], e.message);
  return e;
}

export async function riskRules<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asAppError(e);
  }
}
