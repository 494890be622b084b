import { describe, expect, it } from 'vitest';
import { scanCsv, parseNumberBytes, detectDelimiter, detectHeader, csvLine } from './csv';
import { readCsvTable } from './table';
import { DataError } from './errors';
import { createRng } from './rng';

const buf = (s: string) => Buffer.from(s, 'utf8');

async function rows(text: string | Buffer, opts: Parameters<typeof scanCsv>[1] = {}) {
  const out: string[][] = [];
  const lines: number[] = [];
  const result = await scanCsv(typeof text === 'string' ? buf(text) : text, opts, (r) => {
    out.push(r.strings());
    lines.push(r.line);
  });
  return { out, lines, result };
}

async function error(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseNumberBytes', () => {
  it('equals Number() on plain decimals, exponents and signs', () => {
    const rng = createRng(7);
    const cases = ['0', '-0', '1', '+2.5', '-3.25e-4', '1E10', '6.02214076e23', '0.1', '0.30000000000000004', '123456789012345678', '1e-300', ' 42 ', '007', '.5', '5.'];
    for (let i = 0; i < 2000; i++) cases.push(String((rng() - 0.5) * 10 ** Math.floor(rng() * 12 - 6)));
    for (let i = 0; i < 500; i++) cases.push((rng() * 1000).toFixed(Math.floor(rng() * 8)));
    for (const c of cases) {
      const b = buf(c);
      expect(parseNumberBytes(b, 0, b.length), c).toBe(Number(c));
    }
  });
  it('rejects what is not a plain decimal number', () => {
    for (const c of ['', 'abc', '1,5', '0x10', 'Infinity', '1e', '--1', '1.2.3', 'NaN', '1 2', '-', '1e400', '-1e999']) {
      const b = buf(c);
      expect(Number.isNaN(parseNumberBytes(b, 0, b.length)), c).toBe(true);
    }
  });
});

describe('scanCsv', () => {
  it('reads quoted fields with delimiters, escaped quotes and embedded newlines, and counts lines', async () => {
    const text = 'id,text,n\n1,"hello, world",3\n2,"say ""hi""",4\n3,"two\nlines",5\n4,plain,6\n';
    const { out, lines, result } = await rows(text);
    expect(result.columns).toEqual(['id', 'text', 'n']);
    expect(out).toEqual([
      ['1', 'hello, world', '3'],
      ['2', 'say "hi"', '4'],
      ['3', 'two\nlines', '5'],
      ['4', 'plain', '6'],
    ]);
    expect(lines).toEqual([2, 3, 4, 6]);
  });

  it('gives the same rows whatever the chunk size (rows and quotes split across chunks)', async () => {
    const text = '\uFEFFa;b;c\r\n1;"x;\r\ny";2.5\r\n"q""";;\r\n\r\n3;z;4';
    const whole = await rows(text);
    for (const chunkSize of [1, 2, 3, 5, 7, 64]) {
      const r = await rows(text, { chunkSize });
      expect(r.out, `chunk ${chunkSize}`).toEqual(whole.out);
    }
    expect(whole.result.delimiter).toBe(';');
    expect(whole.result.columns).toEqual(['a', 'b', 'c']);
    expect(whole.out).toEqual([
      ['1', 'x;\r\ny', '2.5'],
      ['q"', '', ''],
      ['3', 'z', '4'],
    ]);
  });

  it('strips a UTF-8 BOM and reads files without one alike', async () => {
    const a = await rows('\uFEFFname,v\nx,1\n');
    const b = await rows('name,v\nx,1\n');
    expect(a.result.columns).toEqual(['name', 'v']);
    expect(a.out).toEqual(b.out);
    expect(a.result.fingerprint).not.toBe(b.result.fingerprint);
  });

  it('detects tab and pipe delimiters and a missing header', async () => {
    expect(detectDelimiter(buf('a\tb\tc\n1\t2\t3\n'))).toBe('\t');
    expect(detectDelimiter(buf('a|b\n1|2\n'))).toBe('|');
    const r = await rows('1,2,3\n4,5,6\n');
    expect(r.result.hasHeader).toBe(false);
    expect(r.result.columns).toEqual(['col0', 'col1', 'col2']);
    expect(r.out).toHaveLength(2);
  });

  it('detects headers over string data by values unlike the header', () => {
    expect(detectHeader([['city', 'colour'], ['Paris', 'red'], ['Lyon', 'blue']])).toBe(true);
    expect(detectHeader([['red', 'x'], ['red', 'y']])).toBe(false);
    expect(detectHeader([['a', 'b'], ['1', 'x']])).toBe(true);
    expect(detectHeader([['1', 'b'], ['2', 'x']])).toBe(false);
  });

  it('names the line and byte offset of a row with the wrong number of fields', async () => {
    const e = await error(rows('a,b\n1,2\n3,4,5\n6,7\n'));
    expect(e.code).toBe('MALFORMED_ROW');
    expect(e.location).toEqual({ line: 3, byteOffset: 8 });
    expect(e.message).toContain('line 3');
    expect(e.message).toContain('expected 2 fields but found 3');
  });

  it('skips bad rows under the skip policy and reports them', async () => {
    const r = await rows('a,b\n1,2\n3,4,5\n6\n7,8\n', { onBadRow: 'skip' });
    expect(r.out).toEqual([
      ['1', '2'],
      ['7', '8'],
    ]);
    expect(r.result.rows).toBe(2);
    expect(r.result.skippedRows).toBe(2);
    expect(r.result.badRows.map((b) => b.line)).toEqual([3, 4]);
  });

  it('reports an unterminated quote and text after a closing quote', async () => {
    const u = await error(rows('a,b\n1,"open\n2,3\n'));
    expect(u.code).toBe('UNTERMINATED_QUOTE');
    expect(u.location.line).toBe(2);
    const m = await error(rows('a,b\n1,"x"y\n'));
    expect(m.code).toBe('MALFORMED_ROW');
    expect(m.location).toEqual({ line: 2, byteOffset: 9 });
  });

  it('rejects an empty input and UTF-16', async () => {
    expect((await error(rows(''))).code).toBe('EMPTY_INPUT');
    expect((await error(rows('  \n\n'))).code).toBe('EMPTY_INPUT');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]);
    expect((await error(rows(utf16))).message).toContain('UTF-16');
  });

  it('round-trips csvLine output', async () => {
    const values = ['plain', 'with,comma', 'with "quote"', 'multi\nline', ''];
    const text = csvLine(['a', 'b', 'c', 'd', 'e']) + csvLine(values);
    const r = await rows(text, { header: true });
    expect(r.out[0]).toEqual(values);
  });
});

describe('readCsvTable', () => {
  it('types columns: numbers parsed from bytes, the rest by content', async () => {
    const t = await readCsvTable(buf('x,flag,day,colour\n1.5,true,2024-01-02,red\n,false,2024-02-03,blue\nNA,yes,2024-03-04,red\n'));
    expect(t.columns.map((c) => c.kind)).toEqual(['numeric', 'boolean', 'date', 'categorical']);
    expect(Array.from(t.columns[0].values as Float64Array)).toEqual([1.5, NaN, NaN]);
    expect(t.rowCount).toBe(3);
  });

  it('turns a column into text when a non-number appears after numbers', async () => {
    const t = await readCsvTable(buf('code\n1\n2\nA7\n'));
    expect(t.columns[0].kind).toBe('categorical');
    expect(t.columns[0].values).toEqual(['1', '2', 'A7']);
  });

  it('reports a wrong type against declared types with its line, or skips it', async () => {
    const text = 'x,y\n1,2\n3,oops\n5,6\n';
    const e = await error(readCsvTable(buf(text), { types: { y: 'numeric' } }));
    expect(e.code).toBe('WRONG_TYPE');
    expect(e.location.line).toBe(3);
    expect(e.message).toContain('"oops" is not a number');
    const t = await readCsvTable(buf(text), { types: { y: 'numeric' }, onBadRow: 'skip' });
    expect(t.rowCount).toBe(2);
    expect(t.skippedRows).toBe(1);
    expect(Array.from(t.columns[1].values as Float64Array)).toEqual([2, 6]);
  });
});
