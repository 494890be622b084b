// Loads kernels.wat (compiled, in simd-module.ts) against the wasm backend's own memory, so the
// loops run on tensors where they live. Returns null where WebAssembly SIMD is unavailable; callers
// then use their JavaScript loops.
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { SIMD_KERNELS_WASM_BASE64 } from './simd-module';

type I = number;
export interface SimdKernels {
  sum_rows(src: I, dst: I, rows: I, cols: I): void;
  col2im(cols: I, dx: I, N: I, H: I, W: I, CI: I, OH: I, OW: I, KH: I, KW: I, SH: I, SW: I, top: I, left: I): void;
  im2col_t(x: I, colsT: I, N: I, H: I, W: I, CI: I, OH: I, OW: I, KH: I, KW: I, SH: I, SW: I, top: I, left: I): void;
  maxpool2x2_grad(dy: I, x: I, dx: I, N: I, H: I, W: I, C: I, OH: I, OW: I): void;
  adam(w: I, g: I, m: I, v: I, ow: I, om: I, ov: I, n: I, b1: number, b2: number, s: number, e: number): void;
  transpose(src: I, dst: I, batch: I, rows: I, cols: I): void;
}

// The project's TypeScript lib has no DOM/WebAssembly typings: declare the little we use.
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const instances = new WeakMap<object, SimdKernels>();
let compiled: object | null | undefined;
let disabled = false;

/** For tests: compare the SIMD and JavaScript paths. */
export function setSimdKernelsEnabled(enabled: boolean): void {
  disabled = !enabled;
}

export function simdKernels(backend: BackendWasm): SimdKernels | null {
  if (disabled) return null;
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  if (!(memory instanceof WA.Memory)) return null;
  const cached = instances.get(memory);
  if (cached) return cached;
  if (compiled === undefined) {
    const bytes = Buffer.from(SIMD_KERNELS_WASM_BASE64, 'base64');
    compiled = WA.validate(bytes) ? new WA.Module(bytes) : null;
  }
  if (compiled === null) return null;
  const kernels = new WA.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
  instances.set(memory, kernels);
  return kernels;
}

/** Byte offset of a tensor's data in the wasm memory. */
export function ptr(backend: BackendWasm, t: TensorInfo): number {
  return (backend.dataIdMap.get(t.dataId) as unknown as { memoryOffset: number }).memoryOffset;
}
