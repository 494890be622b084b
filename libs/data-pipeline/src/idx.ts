// MNIST's IDX format: magic 0x0000 <type> <ndims>, then ndims big-endian uint32 sizes, then the
// values (big-endian for multi-byte types). Files may be gzipped (detected by the 1f 8b magic).
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DataError } from './errors';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
export interface IdxArray {
  dtype: 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
  shape: number[];
  data: IdxData;
}

const TYPES: Record<number, { dtype: IdxArray['dtype']; size: number }> = {
  0x08: { dtype: 'uint8', size: 1 },
  0x09: { dtype: 'int8', size: 1 },
  0x0b: { dtype: 'int16', size: 2 },
  0x0c: { dtype: 'int32', size: 4 },
  0x0d: { dtype: 'float32', size: 4 },
  0x0e: { dtype: 'float64', size: 8 },
};

export function parseIdx(input: Uint8Array, label = 'IDX input'): IdxArray {
  let bytes = input;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DataError('TRUNCATED', `${label}: the gzip stream is damaged or cut short (${(e as Error).message}); download the file again`, { byteOffset: 0 });
    }
  }
  if (bytes.length === 0) throw new DataError('EMPTY_INPUT', `${label}: the file is empty`, { byteOffset: 0 });
  if (bytes.length < 4) throw new DataError('TRUNCATED', `${label}: ${bytes.length} bytes, too short for the 4-byte IDX magic number`, { byteOffset: bytes.length });
  const type = TYPES[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !type || bytes[3] === 0) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(
      'BAD_MAGIC',
      `${label}: wrong magic number ${hex} at byte offset 0; an IDX file starts 00 00 <type 08|09|0b|0c|0d|0e> <number of dimensions> (is this really an MNIST/IDX file?)`,
      { byteOffset: 0 },
    );
  }
  const ndims = bytes[3];
  const headerLen = 4 + 4 * ndims;
  if (bytes.length < headerLen) {
    throw new DataError('TRUNCATED', `${label}: the header needs ${headerLen} bytes for ${ndims} dimensions but the file ends at byte offset ${bytes.length}`, {
      byteOffset: bytes.length,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const need = headerLen + count * type.size;
  if (bytes.length < need) {
    throw new DataError(
      'TRUNCATED',
      `${label}: truncated: shape [${shape.join(', ')}] needs ${need} bytes but the file ends at byte offset ${bytes.length} (${need - bytes.length} missing)`,
      { byteOffset: bytes.length },
    );
  }
  let data: IdxData;
  switch (type.dtype) {
    case 'uint8':
      data = new Uint8Array(bytes.subarray(headerLen, need));
      break;
    case 'int8':
      data = new Int8Array(new Uint8Array(bytes.subarray(headerLen, need)).buffer);
      break;
    case 'int16': {
      const a = new Int16Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getInt16(headerLen + 2 * i, false);
      data = a;
      break;
    }
    case 'int32': {
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getInt32(headerLen + 4 * i, false);
      data = a;
      break;
    }
    case 'float32': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat32(headerLen + 4 * i, false);
      data = a;
      break;
    }
    default: {
      const a = new Float64Array(count);
      for (let i = 0; i < count; i++) a[i] = view.getFloat64(headerLen + 8 * i, false);
      data = a;
    }
  }
  return { dtype: type.dtype, shape, data };
}

export async function readIdx(source: string | Uint8Array): Promise<IdxArray> {
  if (typeof source === 'string') return parseIdx(await readFile(source), source);
  return parseIdx(source);
}

/** Encodes an IDX file (used by tests and by exports). */
export function encodeIdx(array: IdxArray): Uint8Array {
  const code = Number(Object.entries(TYPES).find(([, t]) => t.dtype === array.dtype)![0]);
  const size = TYPES[code].size;
  const header = 4 + 4 * array.shape.length;
  const out = new Uint8Array(header + array.data.length * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = array.shape.length;
  array.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < array.data.length; i++) {
    const o = header + i * size;
    const v = array.data[i];
    if (size === 1) out[o] = v & 0xff;
    else if (array.dtype === 'int16') view.setInt16(o, v, false);
    else if (array.dtype === 'int32') view.setInt32(o, v, false);
    else if (array.dtype === 'float32') view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  }
  return out;
}

export interface ImageDataset {
  /** Pixel values as stored (0-255 for MNIST), row-major [n, height, width, 1]. */
  x: Float32Array;
  shape: number[];
  y: Int32Array;
}

/** MNIST images + labels files (each optionally gzipped) as an image dataset. */
export async function readMnist(images: string | Uint8Array, labels: string | Uint8Array): Promise<ImageDataset> {
  const img = await readIdx(images);
  const lab = await readIdx(labels);
  if (img.shape.length !== 3) throw new DataError('INVALID_ARGUMENT', `MNIST images must have 3 dimensions [n, rows, cols], got [${img.shape.join(', ')}]`);
  if (lab.shape.length !== 1) throw new DataError('INVALID_ARGUMENT', `MNIST labels must have 1 dimension [n], got [${lab.shape.join(', ')}]`);
  if (img.shape[0] !== lab.shape[0]) {
    throw new DataError('INVALID_ARGUMENT', `MNIST: ${img.shape[0]} images but ${lab.shape[0]} labels; the two files must come from the same set`);
  }
  return { x: Float32Array.from(img.data), shape: [img.shape[0], img.shape[1], img.shape[2], 1], y: Int32Array.from(lab.data) };
}
