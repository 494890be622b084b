// CPU-heavy handlers (training, large audits) must not block the event loop of the process that
// holds queue locks: BullMQ renews its job locks from that loop, and a blocked loop lets them
// expire (immich learned this). runInWorkerThread runs one function in a worker thread.
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface WorkerThreadOptions {
  /** Export to call (default "default", then "run"). It receives the input and may return a promise. */
  exportName?: string;
  signal?: AbortSignal;
  /** Receives what the function posts with `parentPort.postMessage({ progress })` semantics (see README). */
  onMessage?: (msg: unknown) => void;
  resourceLimits?: { maxOldGenerationSizeMb?: number };
  /** Extra Node flags for the thread. */
  execArgv?: string[];
}

export class WorkerThreadError extends Error {
  override name = 'WorkerThreadError';
}

// Evaluated inside the thread: load the module (CommonJS or ESM), call the export, post the result.
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  try {
    const mod = workerData.tsxApi
      ? require(workerData.tsxApi).require(workerData.modulePath, workerData.modulePath)
      : await import(pathToFileURL(workerData.modulePath).href);
    const pick = (m) => m && (workerData.exportName ? m[workerData.exportName] : (typeof m.default === 'function' ? m.default : m.run));
    let fn = pick(mod);
    if (typeof fn !== 'function' && mod.default) fn = pick(mod.default);
    if (typeof fn !== 'function') throw new Error('module ' + workerData.modulePath + ' has no function export ' + (workerData.exportName || 'default or run'));
    const post = (msg) => parentPort.postMessage({ kind: 'message', msg });
    const result = await fn(workerData.input, { post });
    parentPort.postMessage({ kind: 'result', result });
  } catch (err) {
    parentPort.postMessage({ kind: 'error', message: err && err.message ? err.message : String(err), stack: err && err.stack });
  }
})();
`;

export function runInWorkerThread<I, O>(modulePath: string, input: I, opts: WorkerThreadOptions = {}): Promise<O> {
  if (!isAbsolute(modulePath) || !existsSync(modulePath)) {
    return Promise.reject(new WorkerThreadError(`runInWorkerThread needs an absolute path to an existing module, got ${modulePath}.`));
  }
  if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
  return new Promise<O>((resolve, reject) => {
    let tsxApi: string | null = null;
    if (modulePath.endsWith('.ts')) {
      // Development and tests: TypeScript sources through tsx's CommonJS API (built code is .js).
      try {
        tsxApi = require.resolve('tsx/cjs/api');
      } catch {
        reject(new WorkerThreadError(`${modulePath} is TypeScript and tsx is not installed: point runInWorkerThread at the built .js file.`));
        return;
      }
    }
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { modulePath, input, exportName: opts.exportName, tsxApi },
      execArgv: opts.execArgv,
      resourceLimits: opts.resourceLimits,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(opts.signal!.reason));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: { kind: 'message'; msg: unknown } | { kind: 'result'; result: O } | { kind: 'error'; message: string; stack?: string }) => {
      if (m.kind === 'message') opts.onMessage?.(m.msg);
      else if (m.kind === 'result') finish(() => resolve(m.result));
      else {
        const err = new WorkerThreadError(m.message);
        if (m.stack) err.stack = m.stack;
        finish(() => reject(err));
      }
    });
    worker.on('error', (err) => finish(() => reject(new WorkerThreadError(`worker thread for ${modulePath} crashed: ${err.message}`))));
    worker.on('exit', (code) => finish(() => reject(new WorkerThreadError(`worker thread for ${modulePath} exited (code ${code}) without a result`))));
  });
}
