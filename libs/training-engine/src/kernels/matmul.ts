// The wasm backend's BatchMatMul/_FusedMatMul reach XNNPACK only when neither operand is
// transposed; with transposeA/transposeB they fall back to a loop ~10x slower, and every dense
// backward pass asks for exactly those (dW = x^T dy, dx = dy W^T). Materialising the transpose on
// the wasm heap costs one pass over one operand and keeps the multiply on the fast path.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { ptr, simdKernels } from './simd';

/** dst[b, j, i] = src[b, i, j], blocked so both sides stay in cache. */
export function transposeLast2(src: Float32Array, dst: Float32Array, batch: number, rows: number, cols: number): void {
  const B = 32;
  for (let n = 0; n < batch; n++) {
    const off = n * rows * cols;
    for (let i0 = 0; i0 < rows; i0 += B) {
      const iMax = Math.min(rows, i0 + B);
      for (let j0 = 0; j0 < cols; j0 += B) {
        const jMax = Math.min(cols, j0 + B);
        for (let i = i0; i < iMax; i++) {
          let s = off + i * cols + j0;
          let d = off + j0 * rows + i;
          for (let j = j0; j < jMax; j++, d += rows) dst[d] = src[s++];
        }
      }
    }
  }
}

/** A transposed copy of the last two axes of t, as a new wasm tensor the caller disposes. */
export function transposedCopy(backend: BackendWasm, t: TensorInfo): TensorInfo {
  const shape = t.shape;
  const rows = shape[shape.length - 2];
  const cols = shape[shape.length - 1];
  const batch = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([...shape.slice(0, -2), cols, rows], 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    simd.transpose(ptr(backend, t), ptr(backend, out), batch, rows, cols);
    return out;
  }
  transposeLast2(backend.typedArrayFromHeap(t) as Float32Array, backend.typedArrayFromHeap(out) as Float32Array, batch, rows, cols);
  return out;
}

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: Record<string, unknown> };

const originals = new Map<string, KernelFunc>();

/** The backend's own kernel as registered by tfjs-backend-wasm (before Meridian replaced it). */
export function originalKernel(name: string): KernelFunc {
  const k = originals.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!k) throw new Error(`wasm kernel ${name} is not registered`);
  return k;
}

export function rememberOriginal(name: string): void {
  if (!originals.has(name)) {
    const k = tf.getKernel(name, 'wasm');
    if (k) originals.set(name, k.kernelFunc);
  }
}

const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

function untransposed(name: string) {
  return ({ inputs, backend, attrs }: Args): TensorInfo => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const orig = originalKernel(name);
    if (!transposeA && !transposeB) return orig({ inputs, backend, attrs } as never) as TensorInfo;
    const { a, b } = inputs;
    const plain = { ...attrs, transposeA: false, transposeB: false };
    const temps: TensorInfo[] = [];
    const aRank = a.shape.length;
    const bRank = b.shape.length;
    const m = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
    const n = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
    const batch = Math.max(size(a) / (a.shape[aRank - 1] * a.shape[aRank - 2]), size(b) / (b.shape[bRank - 1] * b.shape[bRank - 2]));
    // Either transpose the operands that need it, or compute C^T = op(B)^T op(A)^T and transpose
    // the (often smaller) result: move whichever is fewer floats. Only the plain product can flip.
    const costOperands = (transposeA ? size(a) : 0) + (transposeB ? size(b) : 0);
    const costResult = (transposeA ? 0 : size(a)) + (transposeB ? 0 : size(b)) + batch * m * n;
    const flippable = name === 'BatchMatMul' && aRank === 2 && bRank === 2;
    if (flippable && costResult < costOperands) {
      const left = transposeB ? b : (temps.push(transposedCopy(backend, b)), temps[temps.length - 1]);
      const right = transposeA ? a : (temps.push(transposedCopy(backend, a)), temps[temps.length - 1]);
      const ct = orig({ inputs: { a: left, b: right }, backend, attrs: plain } as never) as TensorInfo;
      const c = transposedCopy(backend, { dataId: ct.dataId, shape: [n, m], dtype: 'float32' });
      backend.disposeData(ct.dataId);
      for (const t of temps) backend.disposeData(t.dataId);
      return c;
    }
    let a2 = a;
    let b2 = b;
    if (transposeA) temps.push((a2 = transposedCopy(backend, a)));
    if (transposeB) temps.push((b2 = transposedCopy(backend, b)));
    const out = orig({ inputs: { ...inputs, a: a2, b: b2 }, backend, attrs: plain } as never) as TensorInfo;
    for (const t of temps) backend.disposeData(t.dataId);
    return out;
  };
}

/** Runs the backend's BatchMatMul without transposes (the XNNPACK path). */
export function fastMatMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  return originalKernel('BatchMatMul')({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } } as never) as TensorInfo;
}

export const batchMatMulConfig: KernelConfig = { kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: untransposed('BatchMatMul') as unknown as KernelFunc };
export const fusedMatMulConfig: KernelConfig = { kernelName: '_FusedMatMul', backendName: 'wasm', kernelFunc: untransposed('_FusedMatMul') as unknown as KernelFunc };
