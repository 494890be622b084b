// CSV import of cost entries: RFC 4180 parsing, then per-line validation. One bad line never hides
// the others: every error names its line and column, and the caller decides to import nothing.
import { COST_CATEGORIES, type CostCategory, type Money } from '@meridian/domain';
import { toDay } from './dates';
import { FinanceError } from './errors';
import { CURRENCIES, parseMoney } from './money';

export interface ParsedCostEntry {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  date: string;
  category: CostCategory;
  amount: Money;
  description: string;
}

export interface CsvLineError {
  line: number;
  column: string | null;
  message: string;
}

export interface CostCsvResult {
  /** True when every data line parsed: import all or nothing. */
  ok: boolean;
  entries: ParsedCostEntry[];
  errors: CsvLineError[];
  /** Data lines seen (blank lines excluded). */
  rowCount: number;
}

const REQUIRED = ['date', 'category', 'amount', 'currency'] as const;

/** Splits CSV text into records of fields, honouring quotes, doubled quotes and CRLF. */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inQuotes) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') inQuotes = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (inQuotes) throw new FinanceError('INVALID_CSV', `line ${recordLine}: a quoted field is never closed`, [{ path: `line.${recordLine}`, message: 'unterminated quote' }]);
  if (field !== '' || fields.length) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
}

/**
 * Parses cost entries from CSV with a header naming at least date, category, amount, currency
 * (any order, case-insensitive; description optional, other columns ignored). Amounts are decimals in
 * major units with '.' ("1234.56"), never negative, with no more decimals than the currency has.
 * Throws FinanceError INVALID_CSV only when the file as a whole is unusable (no header, missing columns).
 */
export function parseCostCsv(text: string, options: { maxRows?: number } = {}): CostCsvResult {
  const maxRows = options.maxRows ?? 100_000;
  const records = parseCsvRecords(text);
  if (records.length === 0) throw new FinanceError('INVALID_CSV', 'the file is empty; expected a header line: date,category,amount,currency,description', [{ path: 'line.1', message: 'empty' }]);
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new FinanceError('INVALID_CSV', `the header is missing column(s) ${missing.join(', ')}; expected date,category,amount,currency,description (found: ${header.join(',')})`, [
      { path: 'line.1', message: `missing ${missing.join(', ')}` },
    ]);
  }
  const col = (name: string) => header.indexOf(name);
  const rows = records.slice(1);
  if (rows.length > maxRows) throw new FinanceError('INVALID_CSV', `the file has ${rows.length} data lines, more than the limit of ${maxRows}; split it`, [{ path: 'file', message: 'too many lines' }]);

  const entries: ParsedCostEntry[] = [];
  const errors: CsvLineError[] = [];
  for (const r of rows) {
    const get = (name: string) => (col(name) >= 0 ? (r.fields[col(name)] ?? '').trim() : '');
    const lineErrors: CsvLineError[] = [];
    const err = (column: string | null, message: string) => lineErrors.push({ line: r.line, column, message });
    if (r.fields.length !== header.length) err(null, `has ${r.fields.length} fields, the header has ${header.length}`);
    const date = get('date');
    try {
      toDay(date);
    } catch {
      err('date', `"${date}" is not a date like 2027-05-31`);
    }
    const rawCat = get('category');
    const category = rawCat.toUpperCase() as CostCategory;
    if (!COST_CATEGORIES.includes(category)) err('category', `"${rawCat}" is not a category; use one of ${COST_CATEGORIES.map((c) => c.toLowerCase()).join(', ')}`);
    const currency = get('currency').toUpperCase();
    const rawAmount = get('amount');
    let amount: Money | null = null;
    if (!CURRENCIES[currency]) err('currency', `unknown currency "${get('currency')}"; use an ISO 4217 code such as EUR or USD`);
    else if (rawAmount === '') err('amount', 'is empty');
    else {
      try {
        amount = parseMoney(rawAmount, currency);
        if (amount.minor < 0) {
          err('amount', `${rawAmount} is negative; costs are positive amounts`);
          amount = null;
        }
      } catch (e) {
        err('amount', e instanceof FinanceError && e.code === 'TOO_MANY_DECIMALS' ? `"${rawAmount}" has more decimals than ${currency} allows` : `"${rawAmount}" is not an amount like 1234.56 (no thousands separators, '.' for decimals)`);
      }
    }
    const description = get('description');
    if (description.length > 500) err('description', 'is longer than 500 characters');
    if (lineErrors.length) errors.push(...lineErrors);
    else entries.push({ line: r.line, date, category, amount: amount!, description });
  }
  return { ok: errors.length === 0, entries, errors, rowCount: rows.length };
}
