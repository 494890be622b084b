// tfjs-backend-wasm 4.22's Conv2D/FusedConv2D return zeros for some strided "same" convolutions
// (e.g. a 3x1 kernel with stride 2 on a 7x6 image; found by kernels.spec.ts comparing with cpu).
// Padding explicitly with TensorFlow's own pad amounts and convolving "valid" gives the right
// answer through the same fast XNNPACK path, so every strided "same" convolution goes that way.
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { originalKernel } from './matmul';

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: Record<string, unknown> };

function explicitSamePadding(name: string) {
  return ({ inputs, backend, attrs }: Args): TensorInfo => {
    const orig = originalKernel(name);
    const strides = attrs.strides as number | [number, number];
    const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
    if (attrs.pad !== 'same' || (sh === 1 && sw === 1) || (attrs.dataFormat ?? 'NHWC') !== 'NHWC') {
      return orig({ inputs, backend, attrs } as never) as TensorInfo;
    }
    const { x, filter } = inputs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      (attrs.dilations as number | [number, number] | undefined) ?? 1,
      'same',
      attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    );
    const { top, bottom, left, right } = info.padInfo;
    const padded = originalKernel('PadV2')({
      inputs: { x },
      backend,
      attrs: { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 },
    } as never) as TensorInfo;
    const out = orig({ inputs: { ...inputs, x: padded }, backend, attrs: { ...attrs, pad: 'valid' } } as never) as TensorInfo;
    backend.disposeData(padded.dataId);
    return out;
  };
}

export const conv2DConfig: KernelConfig = { kernelName: 'Conv2D', backendName: 'wasm', kernelFunc: explicitSamePadding('Conv2D') as unknown as KernelFunc };
export const fusedConv2DConfig: KernelConfig = { kernelName: 'FusedConv2D', backendName: 'wasm', kernelFunc: explicitSamePadding('FusedConv2D') as unknown as KernelFunc };
