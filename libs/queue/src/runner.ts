import type { JobName } from '@meridian/domain';
import { backendOf, type Consumer, type DeliveredJob } from './backend';
import { PermanentJobError, type JobHandler, type JobQueue, type JobRunner, type RunnerOptions } from './types';
import { isJobName, parsePayload } from './validate';

export function createRunner(queue: JobQueue, handlers: Map<JobName, JobHandler>, opts: RunnerOptions): JobRunner {
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) {
    throw new Error(`Runner concurrency must be an integer >= 1, got ${opts.concurrency}.`);
  }
  const backend = backendOf(queue);
  const logger = opts.logger;
  let consumer: Consumer | undefined;
  let closing: Promise<void> | undefined;

  async function process(job: DeliveredJob): Promise<unknown> {
    const started = Date.now();
    try {
      if (!isJobName(job.name)) throw new PermanentJobError(`No job named "${job.name}" exists in @meridian/domain JobName.`);
      const handler = handlers.get(job.name);
      if (!handler) throw new PermanentJobError(`This runner has no handler for job "${job.name}".`);
      const payload = parsePayload(job.name, job.payload);
      logger?.info('job started', { jobId: job.id, job: job.name, attempt: job.attempt });
      // Once shutdown aborts the signal we stop waiting, so the job is released at once even when
      // its handler is stuck in a call that ignores the signal; that handler's late outcome is void.
      const result = await untilAborted(handler({ ...job, name: job.name, payload }), job.signal);
      logger?.info('job completed', { jobId: job.id, job: job.name, attempt: job.attempt, ms: Date.now() - started });
      return result;
    } catch (err) {
      // Released on shutdown: not a failure, the backend puts the job back.
      if (job.signal.aborted) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      const final = error instanceof PermanentJobError || job.attempt >= job.maxAttempts;
      logger?.[final ? 'error' : 'warn'](final ? 'job failed' : 'job attempt failed, will retry', {
        jobId: job.id,
        job: job.name,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        error: error.message,
      });
      try {
        await opts.onFailed?.({ id: job.id, name: job.name, payload: job.payload, attempt: job.attempt, maxAttempts: job.maxAttempts, final, error });
      } catch (hookErr) {
        logger?.error('onFailed hook threw', { jobId: job.id, error: (hookErr as Error).message });
      }
      throw error;
    }
  }

  return {
    async start() {
      if (consumer) return;
      if (closing) throw new Error('This runner was closed; create a new one.');
      consumer = await backend.consume(process, opts.concurrency);
      logger?.info('job runner started', { queue: queue.kind, concurrency: opts.concurrency, jobs: [...handlers.keys()] });
    },
    close({ timeoutMs = 30_000 } = {}) {
      closing ??= (async () => {
        await consumer?.close(timeoutMs);
        logger?.info('job runner stopped');
      })();
      return closing;
    },
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
