import { fastMatMul, transposedCopy } from './matmul';
import { ptr, simdKernels } from './simd';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

type WasmKernelArgs = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: Record<string, unknown> };

function heap(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}


function convInfo(xShape: [number, number, number, number], filterShape: [number, number, number, number], attrs: Record<string, unknown>) {
  const dataFormat = (attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC') throw new Error(`Meridian's wasm conv2d gradients support dataFormat NHWC only, got ${dataFormat}`);
  return backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
}

/**
 * Writes the patches of x as columns of colsT [KH*KW*CI, N*OH*OW]: each row is one filter tap
 * over every output position, so the filter gradient is colsT . dy with no transpose (the fast
 * XNNPACK path). Channels are the innermost loop: reads are contiguous runs of CI values and the
 * CI write streams each advance one float per output position, which keeps both sides in cache.
 */
export function im2colT(x: Float32Array, colsT: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const M = N * OH * OW;
  if (CI < 8) {
    // Few channels: channel-major order writes each row of colsT sequentially.
    let o = 0;
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        for (let c = 0; c < CI; c++) {
          for (let n = 0; n < N; n++) {
            const xn = n * H * W * CI + c;
            for (let oh = 0; oh < OH; oh++) {
              const ih = oh * SH - top + kh * DH;
              if (ih < 0 || ih >= H) {
                colsT.fill(0, o, o + OW);
                o += OW;
                continue;
              }
              const xr = xn + ih * W * CI;
              for (let ow = 0; ow < OW; ow++) {
                const iw = ow * SW - left + kw * DW;
                colsT[o++] = iw < 0 || iw >= W ? 0 : x[xr + iw * CI];
              }
            }
          }
        }
      }
    }
    return;
  }
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const rowBase = (kh * KW + kw) * CI * M;
      let m = 0;
      for (let n = 0; n < N; n++) {
        const xn = n * H * W * CI;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * SH - top + kh * DH;
          const rowValid = ih >= 0 && ih < H;
          const xr = xn + ih * W * CI;
          for (let ow = 0; ow < OW; ow++, m++) {
            const iw = ow * SW - left + kw * DW;
            let o = rowBase + m;
            if (!rowValid || iw < 0 || iw >= W) {
              for (let c = 0; c < CI; c++, o += M) colsT[o] = 0;
            } else {
              let xi = xr + iw * CI;
              for (let c = 0; c < CI; c++, o += M) colsT[o] = x[xi++];
            }
          }
        }
      }
    }
  }
}

/** Adds each row of cols back to the input position its patch came from (the adjoint of im2col). */
export function col2im(cols: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  dx.fill(0);
  let o = 0;
  for (let n = 0; n < N; n++) {
    const xn = n * H * W * CI;
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * SH - top;
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * SW - left;
        for (let kh = 0; kh < KH; kh++) {
          const ih = ih0 + kh * DH;
          if (ih < 0 || ih >= H) {
            o += KW * CI;
            continue;
          }
          const xr = xn + ih * W * CI;
          if (DW === 1 && iw0 >= 0 && iw0 + KW <= W) {
            // The whole window row is inside the image: one contiguous run of KW*CI values.
            let xi = xr + iw0 * CI;
            const end = o + KW * CI;
            while (o < end) dx[xi++] += cols[o++];
            continue;
          }
          for (let kw = 0; kw < KW; kw++) {
            const iw = iw0 + kw * DW;
            if (iw < 0 || iw >= W) {
              o += CI;
            } else {
              let xi = xr + iw * CI;
              for (let c = 0; c < CI; c++) dx[xi++] += cols[o++];
            }
          }
        }
      }
    }
  }
}

type Geometry = [number, number, number, number, number, number, number, number, number, number, number, number];
function geometry(i: backend_util.Conv2DInfo): Geometry {
  return [i.batchSize, i.inHeight, i.inWidth, i.inChannels, i.outHeight, i.outWidth, i.filterHeight, i.filterWidth, i.strideHeight, i.strideWidth, i.padInfo.top, i.padInfo.left];
}

function conv2DBackpropFilter({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = convInfo(x.shape as [number, number, number, number], filterShape, attrs);
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const M = info.batchSize * info.outHeight * info.outWidth;
  const colsT = backend.makeOutput([1, K, M], 'float32');
  const simd = simdKernels(backend);
  if (simd && info.inChannels >= 8 && info.dilationHeight === 1 && info.dilationWidth === 1) {
    simd.im2col_t(ptr(backend, x), ptr(backend, colsT), ...geometry(info));
  } else {
    im2colT(heap(backend, x), heap(backend, colsT), info);
  }
  const dy3 = { dataId: dy.dataId, shape: [1, M, info.outChannels], dtype: 'float32' as const };
  // dW[K, CO] = colsT [K, M] . dy [M, CO]
  const dw = fastMatMul(backend, colsT, dy3);
  backend.disposeData(colsT.dataId);
  return { dataId: dw.dataId, shape: [...filterShape], dtype: 'float32' };
}

function conv2DBackpropInput({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = convInfo(inputShape, filter.shape as [number, number, number, number], attrs);
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const M = info.batchSize * info.outHeight * info.outWidth;
  const dy3 = { dataId: dy.dataId, shape: [1, M, info.outChannels], dtype: 'float32' as const };
  const w3 = { dataId: filter.dataId, shape: [1, K, info.outChannels], dtype: 'float32' as const };
  // cols[M, K] = dy [M, CO] . W^T [CO, K]; then scatter-add the patches back. W is small, so
  // transposing it costs little next to the multiply.
  const wT = transposedCopy(backend, w3);
  const cols = fastMatMul(backend, dy3, wT);
  backend.disposeData(wT.dataId);
  const dx = backend.makeOutput([...inputShape], 'float32');
  const simd = simdKernels(backend);
  if (simd && info.dilationHeight === 1 && info.dilationWidth === 1) {
    simd.col2im(ptr(backend, cols), ptr(backend, dx), ...geometry(info));
  } else {
    col2im(heap(backend, cols), heap(backend, dx), info);
  }
  backend.disposeData(cols.dataId);
  return dx;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
