import { describe, expect, it } from 'vitest';
import { readJsonlTable, schemaOf, schemaFromProfile } from './table';
import { profileTable } from './profile';

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('readJsonlTable', () => {
  it('reads objects line by line, filling absent keys with missing values', async () => {
    const t = await readJsonlTable(buf('{"a":1,"b":"x"}\r\n\n{"a":2.5,"c":true}\n{"b":"y","a":null,"d":{"k":1}}'), { onBadRow: 'error' });
    expect(t.rowCount).toBe(3);
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
      ['a', 'numeric'],
      ['b', 'categorical'],
      ['c', 'boolean'],
      ['d', 'categorical'],
    ]);
    expect(Array.from(t.columns[0].values as Float64Array)).toEqual([1, 2.5, NaN]);
    expect(t.columns[1].values).toEqual(['x', null, 'y']);
    expect(t.columns[3].values).toEqual([null, null, '{"k":1}']);
    expect(profileTable(t).columns[0].missing).toBe(1);
    expect(schemaOf(t).columns[0]).toEqual({ name: 'a', kind: 'numeric', nullable: true });
    expect(schemaFromProfile(profileTable(t))).toEqual(schemaOf(t));
  });

  it('names the line and byte offset of invalid JSON, or skips it', async () => {
    const text = '{"a":1}\n{"a":2,}\n[1]\n{"a":3}\n';
    await expect(readJsonlTable(buf(text))).rejects.toMatchObject({ code: 'BAD_JSON', location: { line: 2, byteOffset: 8 } });
    const t = await readJsonlTable(buf(text), { onBadRow: 'skip' });
    expect(t.rowCount).toBe(2);
    expect(t.skippedRows).toBe(2);
    expect(t.badRows!.map((b) => [b.line, b.reason.slice(0, 20)])).toEqual([
      [2, 'invalid JSON (Expect'],
      [3, 'expected a JSON obje'],
    ]);
  });

  it('rejects an empty file', async () => {
    await expect(readJsonlTable(buf('\n\n'))).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });
});
