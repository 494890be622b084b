// One error type for every bad input the pipeline meets, with a code a caller can branch on and
// the place in the input (line and/or byte offset) a person needs to fix the file.
export type DataErrorCode =
  | 'EMPTY_INPUT'
  | 'MALFORMED_ROW'
  | 'UNTERMINATED_QUOTE'
  | 'WRONG_TYPE'
  | 'BAD_JSON'
  | 'BAD_MAGIC'
  | 'TRUNCATED'
  | 'UNKNOWN_COLUMN'
  | 'INVALID_ARGUMENT'
  | 'NOT_FITTED';

export interface DataErrorLocation {
  /** 1-based line in the text input where the problem starts. */
  line?: number;
  /** 0-based byte offset in the (decompressed) input. */
  byteOffset?: number;
  column?: string;
}

export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    readonly code: DataErrorCode,
    message: string,
    readonly location: DataErrorLocation = {},
  ) {
    super(message);
  }
}

export function where(loc: DataErrorLocation): string {
  const parts: string[] = [];
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.byteOffset !== undefined) parts.push(`byte offset ${loc.byteOffset}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  return parts.join(', ');
}
