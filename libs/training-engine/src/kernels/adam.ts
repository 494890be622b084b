// One kernel for a whole Adam step of one variable on wasm: the composed version is a dozen tensor
// ops (each a kernel dispatch and a pass over the weights), which dominated small dense models.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ptr, simdKernels } from './simd';

export const ADAM_KERNEL = 'MeridianAdamStep';

export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  /** lr * sqrt(1 - beta2^t) / (1 - beta1^t) */
  stepSize: number;
  /** epsilon * sqrt(1 - beta2^t) */
  epsilonHat: number;
}

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: AdamStepAttrs };

function adamStep({ inputs, backend, attrs }: Args): TensorInfo[] {
  const { w, g, m, v } = inputs;
  const simd = simdKernels(backend);
  if (!simd) throw new Error(`${ADAM_KERNEL} needs WebAssembly SIMD`);
  const n = w.shape.reduce((a, b) => a * b, 1);
  const ow = backend.makeOutput([...w.shape], 'float32');
  const om = backend.makeOutput([...w.shape], 'float32');
  const ov = backend.makeOutput([...w.shape], 'float32');
  simd.adam(ptr(backend, w), ptr(backend, g), ptr(backend, m), ptr(backend, v), ptr(backend, ow), ptr(backend, om), ptr(backend, ov), n, attrs.beta1, attrs.beta2, attrs.stepSize, attrs.epsilonHat);
  return [ow, om, ov];
}

export const adamStepConfig: KernelConfig = { kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: adamStep as unknown as KernelFunc };
