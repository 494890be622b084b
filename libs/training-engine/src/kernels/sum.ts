// Sum over the leading axes (every bias gradient: dy [N, H, W, C] -> [C]) makes the wasm backend
// transpose the whole tensor first so the reduced axes are innermost. Summing rows in place is one
// sequential pass instead of a transpose plus a pass.
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { originalKernel } from './matmul';
import { ptr, simdKernels } from './simd';

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: Record<string, unknown> };

function sum({ inputs, backend, attrs }: Args): TensorInfo {
  const { x } = inputs;
  const rank = x.shape.length;
  const axes = util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) return originalKernel('Sum')({ inputs, backend, attrs } as never) as TensorInfo;
  const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(axes.length);
  const cols = rest.reduce((a, b) => a * b, 1);
  const outShape = attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
  const out = backend.makeOutput(outShape, 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    simd.sum_rows(ptr(backend, x), ptr(backend, out), rows, cols);
    return out;
  }
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  // Float64 accumulation: as accurate as the cpu backend (which sums in JS numbers). (A ones-vector
  // product through XNNPACK was slower: it repacks x as weights on every call.)
  const acc = new Float64Array(cols);
  for (let r = 0, o = 0; r < rows; r++) for (let c = 0; c < cols; c++) acc[c] += src[o++];
  (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
}

export const sumConfig: KernelConfig = { kernelName: 'Sum', backendName: 'wasm', kernelFunc: sum as unknown as KernelFunc };
