// MaxPoolGrad on wasm: the backend's own kernel is correct but was the slowest step of cnn-image
// training (~33 ms per call at batch 64). This one recomputes each window's argmax over a
// contiguous channel run and scatters dy once, in a single pass on the wasm heap.
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ptr, simdKernels } from './simd';

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: Record<string, unknown> };

/** Ties go to the first maximum in row-major window order, as on the cpu backend. */
export function maxPoolBackprop(dy: Float32Array, x: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: SH, strideWidth: SW, effectiveFilterHeight: FH, effectiveFilterWidth: FW, dilationHeight: DH, dilationWidth: DW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  if (FH === 2 && FW === 2 && SH === 2 && SW === 2 && DH === 1 && DW === 1 && top === 0 && left === 0) {
    maxPool2x2Backprop(dy, x, dx, N, H, W, C, OH, OW);
    return;
  }
  // Offsets (in floats) of the window's taps that fall inside the image, rebuilt per position.
  const taps = new Int32Array(Math.ceil(FH / DH) * Math.ceil(FW / DW));
  dx.fill(0);
  let o = 0;
  for (let n = 0; n < N; n++) {
    const xn = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const r0 = oh * SH - top;
      let rMin = r0;
      while (rMin < 0) rMin += DH;
      const rMax = Math.min(H, r0 + FH);
      for (let ow = 0; ow < OW; ow++, o += C) {
        const c0 = ow * SW - left;
        let cMin = c0;
        while (cMin < 0) cMin += DW;
        const cMax = Math.min(W, c0 + FW);
        let t = 0;
        for (let r = rMin; r < rMax; r += DH) for (let c = cMin; c < cMax; c += DW) taps[t++] = xn + (r * W + c) * C;
        if (t === 0) continue;
        for (let d = 0; d < C; d++) {
          let at = taps[0] + d;
          let best = x[at];
          for (let k = 1; k < t; k++) {
            const i = taps[k] + d;
            const v = x[i];
            if (v > best) {
              best = v;
              at = i;
            }
          }
          dx[at] += dy[o + d];
        }
      }
    }
  }
}

/**
 * The presets' 2x2/2 "valid" pooling: windows do not overlap, so each of the four taps gets either
 * dy or 0 written once, with no scatter and no second pass (only rows/columns no window covers,
 * when a side is odd, need zeroing).
 */
function maxPool2x2Backprop(dy: Float32Array, x: Float32Array, dx: Float32Array, N: number, H: number, W: number, C: number, OH: number, OW: number): void {
  if (H !== 2 * OH || W !== 2 * OW) dx.fill(0);
  const row = W * C;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = n * H * row + 2 * oh * row;
      for (let ow = 0; ow < OW; ow++) {
        const a = r0 + 2 * ow * C;
        const b = a + C;
        const c = a + row;
        const d = c + C;
        for (let k = 0; k < C; k++, o++) {
          const va = x[a + k];
          const vb = x[b + k];
          const vc = x[c + k];
          const vd = x[d + k];
          const g = dy[o];
          // first maximum in row-major order wins ties, as on the cpu backend
          let best = va;
          let at = 0;
          if (vb > best) {
            best = vb;
            at = 1;
          }
          if (vc > best) {
            best = vc;
            at = 2;
          }
          if (vd > best) at = 3;
          dx[a + k] = at === 0 ? g : 0;
          dx[b + k] = at === 1 ? g : 0;
          dx[c + k] = at === 2 ? g : 0;
          dx[d + k] = at === 3 ? g : 0;
        }
      }
    }
  }
}

function maxPoolGrad({ inputs, backend, attrs }: Args): TensorInfo {
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const dx = backend.makeOutput([...input.shape], 'float32');
  const simd = simdKernels(backend);
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  if (
    simd &&
    C % 4 === 0 &&
    info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2 &&
    info.padInfo.top === 0 && info.padInfo.left === 0
  ) {
    if (H !== 2 * OH || W !== 2 * OW) (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
    simd.maxpool2x2_grad(ptr(backend, dy), ptr(backend, input), ptr(backend, dx), info.batchSize, H, W, C, OH, OW);
    return dx;
  }
  maxPoolBackprop(
    backend.typedArrayFromHeap(dy) as Float32Array,
    backend.typedArrayFromHeap(input) as Float32Array,
    backend.typedArrayFromHeap(dx) as Float32Array,
    info,
  );
  return dx;
}

export const maxPoolGradConfig: KernelConfig = { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad as unknown as KernelFunc };
