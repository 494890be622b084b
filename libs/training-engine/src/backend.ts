// Chooses where tensors live. Native TensorFlow bindings are optional peers: on most machines
// (and on CI, where their install cannot download libtensorflow) they are absent, which is normal
// and reported, not an error. wasm is the fast portable path; cpu is the always-there fallback.
import { existsSync, readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from './kernels';

export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendPreference = 'auto' | BackendName;

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  reason: string;
}

export interface BackendReport {
  /** The backend that now runs every tensor operation. */
  name: BackendName;
  /** The name TensorFlow.js itself uses ('tensorflow' for both native packages). */
  tfBackend: string;
  reason: string;
  tried: BackendAttempt[];
  /** wasm only: whether the SIMD build is running. */
  simd: boolean | null;
  /** wasm only: XNNPACK threads (1 in Node: tfjs-backend-wasm disables its threaded build there). */
  threads: number | null;
}

export interface SelectBackendOptions {
  prefer?: BackendPreference;
  /** Loads an optional package by name; injectable so tests can simulate installed or broken ones. */
  loadModule?: (name: string) => Promise<unknown>;
  /** Whether a CUDA GPU is visible; injectable for tests. */
  gpuVisible?: () => boolean;
}

const NATIVE_PACKAGE: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  constructor(
    message: string,
    readonly tried: BackendAttempt[],
  ) {
    super(message);
  }
}

/** A GPU is visible to CUDA when the NVIDIA driver lists one and CUDA_VISIBLE_DEVICES does not hide it. */
export function defaultGpuVisible(): boolean {
  const hidden = process.env.CUDA_VISIBLE_DEVICES;
  if (hidden !== undefined && (hidden.trim() === '' || hidden.trim() === '-1')) return false;
  try {
    if (existsSync('/proc/driver/nvidia/gpus') && readdirSync('/proc/driver/nvidia/gpus').length > 0) return true;
  } catch {
    /* unreadable: fall through */
  }
  return existsSync('/dev/nvidia0');
}

// A variable specifier keeps bundlers and tsc from resolving packages that are meant to be absent.
const dynamicImport = (name: string): Promise<unknown> => import(/* @vite-ignore */ name);

function isNotInstalled(err: unknown, pkg: string): boolean {
  const e = err as { code?: string; message?: string };
  // Node says ERR_MODULE_NOT_FOUND / MODULE_NOT_FOUND; bundlers and Vite say "Could not resolve".
  const msg = e?.message ?? '';
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND' || /Cannot find (package|module)|Could not resolve|Failed to resolve/.test(msg)) &&
    msg.includes(pkg)
  );
}

let wasmSimd: boolean | null = null;
let selected: { name: BackendName; tfBackend: string } | null = null;

async function tryBackend(name: BackendName, opts: SelectBackendOptions): Promise<BackendAttempt> {
  const load = opts.loadModule ?? dynamicImport;
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    const pkg = NATIVE_PACKAGE[name];
    if (name === 'tensorflow-gpu' && !(opts.gpuVisible ?? defaultGpuVisible)()) {
      return { name, ok: false, reason: 'no CUDA GPU visible (no /proc/driver/nvidia/gpus entry, or CUDA_VISIBLE_DEVICES hides it)' };
    }
    try {
      await load(pkg);
    } catch (err) {
      if (isNotInstalled(err, pkg)) return { name, ok: false, reason: `${pkg} is not installed (optional; install it where libtensorflow can be downloaded)` };
      return { name, ok: false, reason: `${pkg} is installed but failed to load: ${(err as Error)?.message ?? String(err)}` };
    }
    if (!tf.engine().registryFactory['tensorflow']) {
      return { name, ok: false, reason: `${pkg} loaded but registered no 'tensorflow' backend (is it linked against a different @tensorflow/tfjs-core?)` };
    }
    const ok = await tf.setBackend('tensorflow');
    return ok ? { name, ok: true, reason: `${pkg} loaded` } : { name, ok: false, reason: `${pkg} loaded but its backend failed to initialise` };
  }
  if (name === 'wasm') {
    // Must precede the first setBackend('wasm'); Node ignores it (see threads in the report).
    setThreadsCount(1);
    const ok = await tf.setBackend('wasm').catch(() => false);
    if (!ok) return { name, ok: false, reason: 'the WebAssembly module failed to initialise' };
    registerWasmGradientKernels();
    wasmSimd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    return { name, ok: true, reason: `WebAssembly ${wasmSimd ? 'with SIMD' : 'without SIMD'} (XNNPACK), plus Meridian's gradient kernels` };
  }
  const ok = await tf.setBackend('cpu');
  return ok ? { name, ok: true, reason: 'pure JavaScript, always available' } : { name, ok: false, reason: 'cpu backend failed to initialise' };
}

/**
 * Selects and activates a backend. 'auto' tries tensorflow-gpu, tensorflow, wasm, cpu in that
 * order; an explicit preference that is unavailable throws BackendUnavailableError rather than
 * silently running somewhere slower than asked.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  const prefer = options.prefer ?? 'auto';
  if (prefer !== 'auto' && !BACKEND_NAMES.includes(prefer)) {
    throw new BackendUnavailableError(`unknown backend "${String(prefer)}"; use one of auto, ${BACKEND_NAMES.join(', ')}`, []);
  }
  const order: BackendName[] = prefer === 'auto' ? [...BACKEND_NAMES] : [prefer];
  const tried: BackendAttempt[] = [];
  for (const name of order) {
    const attempt = await tryBackend(name, options);
    tried.push(attempt);
    if (!attempt.ok) continue;
    await tf.ready();
    selected = { name, tfBackend: tf.getBackend() };
    const isWasm = name === 'wasm';
    const reason = prefer === 'auto'
      ? `${name}: first available of ${BACKEND_NAMES.join(' > ')}${tried.length > 1 ? ` (${tried.filter((t) => !t.ok).map((t) => `${t.name}: ${t.reason}`).join('; ')})` : ''}`
      : `${name}: requested explicitly`;
    return {
      name,
      tfBackend: tf.getBackend(),
      reason,
      tried,
      simd: isWasm ? wasmSimd : null,
      threads: isWasm ? safeThreads() : null,
    };
  }
  throw new BackendUnavailableError(
    `backend ${prefer} is not available: ${tried.map((t) => `${t.name}: ${t.reason}`).join('; ')}. Use --backend auto to fall back automatically.`,
    tried,
  );
}

function safeThreads(): number | null {
  try {
    return getThreadsCount();
  } catch {
    return null;
  }
}

/**
 * Called by train() and loadModel(): picks a backend automatically if selectBackend() was never
 * called, and makes sure Meridian's wasm kernels are registered if something else switched to wasm.
 */
export async function ensureBackend(): Promise<void> {
  if (!selected) {
    await selectBackend();
    return;
  }
  await tf.ready();
  if (tf.getBackend() === 'wasm') registerWasmGradientKernels();
}

/** The Meridian name of the active TensorFlow.js backend. */
export function currentBackend(): BackendName {
  const b = tf.getBackend();
  if (selected && selected.tfBackend === b) return selected.name;
  if (b === 'tensorflow') return defaultGpuVisible() && tf.engine().registryFactory['tensorflow'] ? 'tensorflow-gpu' : 'tensorflow';
  return b === 'wasm' ? 'wasm' : 'cpu';
}
