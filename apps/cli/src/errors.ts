// Everything the user can get wrong ends here: one line on stderr saying what is wrong and what
// to do, and an exit code (2 = bad arguments, 1 = the data, model or training failed).
import { DataError } from '@meridian/data-pipeline';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const usage = (message: string): CliError => new CliError(message, 2);

interface CodedError extends Error {
  code?: string;
  issues?: Array<{ path: string; message: string }>;
}

export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof DataError) return { message: err.message, exitCode: 1 };
  const e = err as CodedError;
  if (e && typeof e === 'object' && typeof e.message === 'string') {
    if (e.name === 'EngineError' || e.name === 'BackendUnavailableError') return { message: e.message, exitCode: 1 };
    if (e.code === 'ENOENT') return { message: `${e.message.replace(/^ENOENT: /, '')}: check the path`, exitCode: 1 };
    return { message: `unexpected failure: ${e.message}`, exitCode: 1 };
  }
  return { message: `unexpected failure: ${String(err)}`, exitCode: 1 };
}
