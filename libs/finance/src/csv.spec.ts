import { describe, expect, it } from 'vitest';
import { parseCostCsv, parseCsvRecords } from './csv';
import { FinanceError } from './errors';

describe('parseCsvRecords', () => {
  it('handles quotes, doubled quotes, CRLF, a BOM and newlines inside quotes', () => {
    const recs = parseCsvRecords('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n');
    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', '2'] },
    ]);
  });
  it('rejects an unterminated quote', () => {
    expect(() => parseCsvRecords('a\n"oops')).toThrow(/line 2: a quoted field is never closed/);
  });
});

describe('parseCostCsv', () => {
  it('parses valid lines exactly, in any column order and case', () => {
    const csv = ['Description,Date,Category,Amount,Currency', '"GPU hours, March",2027-03-31,compute,1234.56,eur', 'Lawyer,2027-04-02,LEGAL,800,USD', '', 'Yen thing,2027-04-03,tools,1500,JPY'].join('\n');
    const r = parseCostCsv(csv);
    expect(r.ok).toBe(true);
    expect(r.rowCount).toBe(3);
    expect(r.entries).toEqual([
      { line: 2, date: '2027-03-31', category: 'COMPUTE', amount: { minor: 123_456, currency: 'EUR' }, description: 'GPU hours, March' },
      { line: 3, date: '2027-04-02', category: 'LEGAL', amount: { minor: 80_000, currency: 'USD' }, description: 'Lawyer' },
      { line: 5, date: '2027-04-03', category: 'TOOLS', amount: { minor: 1500, currency: 'JPY' }, description: 'Yen thing' },
    ]);
  });

  it('reports every bad line with its line and column, keeping the good ones apart', () => {
    const csv = [
      'date,category,amount,currency,description',
      '2027-02-30,compute,10,EUR,no such day',
      '2027-03-01,coffee,10,EUR,unknown category',
      '2027-03-01,compute,-10,EUR,negative',
      '2027-03-01,compute,10,XYZ,unknown currency',
      '2027-03-01,compute,10.005,EUR,too precise',
      '2027-03-01,compute,"1,000.00",EUR,thousands separator',
      '2027-03-01,compute,10,EUR',
      '2027-03-01,data,10.50,EUR,fine',
    ].join('\n');
    const r = parseCostCsv(csv);
    expect(r.ok).toBe(false);
    expect(r.entries.map((e) => e.line)).toEqual([9]);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'date'],
      [3, 'category'],
      [4, 'amount'],
      [5, 'currency'],
      [6, 'amount'],
      [7, 'amount'],
      [8, null],
    ]);
    expect(r.errors[2].message).toMatch(/negative/);
    expect(r.errors[4].message).toMatch(/more decimals than EUR allows/);
    expect(r.errors[6].message).toMatch(/has 4 fields, the header has 5/);
  });

  it('refuses a file without the required header', () => {
    expect(() => parseCostCsv('date,amount\n2027-01-01,5')).toThrow(/missing column\(s\) category, currency/);
    expect(() => parseCostCsv('')).toThrow(FinanceError);
    expect(() => parseCostCsv('date,category,amount,currency\n' + '2027-01-01,data,1,EUR\n'.repeat(3), { maxRows: 2 })).toThrow(/more than the limit of 2/);
  });
});
