// Kernels the wasm backend of tfjs 4.22 lacks (Conv2DBackpropFilter), gets wrong (strided "same"
// Conv2D) or runs slowly, registered under backend 'wasm'. Data movement (im2col, col2im, pooling
// gradients, sums, the Adam step) runs in WebAssembly SIMD on the backend's own memory, with
// JavaScript loops as fallback; the arithmetic goes to the backend's XNNPACK matrix products.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilterConfig, conv2DBackpropInputConfig } from './conv2d-grads';
import { batchMatMulConfig, fusedMatMulConfig, rememberOriginal } from './matmul';
import { maxPoolGradConfig } from './pool-grads';
import { sumConfig } from './sum';
import { conv2DConfig, fusedConv2DConfig } from './conv2d-forward';
import { castConfig, identityConfig } from './identity';
import { adamStepConfig, ADAM_KERNEL } from './adam';
import { simdKernels } from './simd';

export { conv2DBackpropFilterConfig, conv2DBackpropInputConfig, ADAM_KERNEL };

export interface RegisteredKernel {
  kernelName: string;
  /** Why Meridian registers it. */
  reason: string;
}

const MERIDIAN_KERNELS: { config: tf.KernelConfig; reason: string }[] = [
  { config: conv2DBackpropFilterConfig, reason: 'missing in @tensorflow/tfjs-backend-wasm 4.22: conv2d training fails without it' },
  { config: conv2DBackpropInputConfig, reason: 'replaces the backend\'s direct loop with one XNNPACK matrix product and a col2im scatter (faster on the presets)' },
  { config: batchMatMulConfig, reason: 'transposed operands (every dense backward pass) are copied transposed so the product stays on the XNNPACK path' },
  { config: fusedMatMulConfig, reason: 'same as BatchMatMul, for matMul+bias+activation' },
  { config: maxPoolGradConfig, reason: 'the backend\'s MaxPoolGrad was the slowest step of cnn-image training; one argmax-and-scatter pass replaces it' },
  { config: conv2DConfig, reason: 'the backend returns zeros for some strided "same" convolutions; those are padded explicitly and run "valid"' },
  { config: fusedConv2DConfig, reason: 'same fix as Conv2D, for conv+bias+activation' },
  { config: identityConfig, reason: 'shares the buffer (reference-counted) instead of copying it' },
  { config: castConfig, reason: 'a cast to the same dtype (every ReLU gradient) shares the buffer instead of copying it' },
  { config: sumConfig, reason: 'bias gradients sum over leading axes, which the backend does by transposing the whole tensor first' },
];

let registered: RegisteredKernel[] | null = null;

/** Idempotent: registers (or replaces) Meridian's wasm kernels and lists them. */
export function registerWasmGradientKernels(): RegisteredKernel[] {
  if (registered) return registered;
  registered = [];
  for (const { config } of MERIDIAN_KERNELS) rememberOriginal(config.kernelName);
  rememberOriginal('PadV2');
  for (const { config, reason } of MERIDIAN_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
    registered.push({ kernelName: config.kernelName, reason });
  }
  const wasm = tf.findBackend('wasm') as unknown as BackendWasm | undefined;
  if (wasm && simdKernels(wasm) && !tf.getKernel(ADAM_KERNEL, 'wasm')) {
    tf.registerKernel(adamStepConfig);
    registered.push({ kernelName: ADAM_KERNEL, reason: 'a whole Adam update of one variable in one SIMD pass (used by the engine\'s optimiser on wasm)' });
  }
  return registered;
}

export type { BackendWasm };
