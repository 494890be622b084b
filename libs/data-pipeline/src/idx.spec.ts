import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx, readMnist } from './idx';
import { DataError } from './errors';

function catchErr(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected an error');
}

describe('IDX', () => {
  const images = { dtype: 'uint8' as const, shape: [3, 2, 2], data: Uint8Array.from([0, 1, 2, 3, 10, 11, 12, 13, 255, 254, 253, 252]) };
  const labels = { dtype: 'uint8' as const, shape: [3], data: Uint8Array.from([7, 0, 9]) };

  it('reads what it writes, plain and gzipped, for every element type', () => {
    const bytes = encodeIdx(images);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 8, 3]);
    expect(parseIdx(bytes)).toEqual(images);
    expect(parseIdx(gzipSync(bytes))).toEqual(images);
    const f = { dtype: 'float32' as const, shape: [2], data: Float32Array.from([1.5, -2.25]) };
    expect(parseIdx(encodeIdx(f))).toEqual(f);
    const i = { dtype: 'int32' as const, shape: [2], data: Int32Array.from([-5, 70000]) };
    expect(parseIdx(encodeIdx(i))).toEqual(i);
  });

  it('names a wrong magic number and a truncated file with byte offsets', () => {
    const bad = catchErr(() => parseIdx(Buffer.from('PK\u0003\u0004rest')));
    expect(bad.code).toBe('BAD_MAGIC');
    expect(bad.message).toContain('50 4b 03 04');
    const full = encodeIdx(images);
    const cut = catchErr(() => parseIdx(full.subarray(0, full.length - 5)));
    expect(cut.code).toBe('TRUNCATED');
    expect(cut.location.byteOffset).toBe(full.length - 5);
    expect(cut.message).toContain('5 missing');
    expect(catchErr(() => parseIdx(full.subarray(0, 9))).code).toBe('TRUNCATED');
    expect(catchErr(() => parseIdx(new Uint8Array(0))).code).toBe('EMPTY_INPUT');
    expect(catchErr(() => parseIdx(gzipSync(full).subarray(0, 20))).code).toBe('TRUNCATED');
  });

  it('reads an MNIST pair from files into [n, h, w, 1] images and labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idx-'));
    writeFileSync(join(dir, 'img.gz'), gzipSync(encodeIdx(images)));
    writeFileSync(join(dir, 'lab'), encodeIdx(labels));
    const d = await readMnist(join(dir, 'img.gz'), join(dir, 'lab'));
    expect(d.shape).toEqual([3, 2, 2, 1]);
    expect(Array.from(d.y)).toEqual([7, 0, 9]);
    expect(d.x[8]).toBe(255);
    await expect(readMnist(join(dir, 'img.gz'), encodeIdx({ ...labels, shape: [2], data: labels.data.subarray(0, 2) }))).rejects.toThrow('3 images but 2 labels');
  });
});
