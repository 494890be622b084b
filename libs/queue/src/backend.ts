// What a queue implementation gives the runner: a stream of jobs to process with a concurrency
// limit, and a way to stop. Retry, backoff and release rules live in each backend; payload
// validation, handler lookup and failure reporting live once, in the runner.

export interface DeliveredJob {
  id: string;
  name: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
  updateProgress(p: number | object): Promise<void>;
  log(msg: string): void;
}

export interface Consumer {
  /** Stop taking jobs; wait up to timeoutMs for jobs in hand; then abort and release them. */
  close(timeoutMs: number): Promise<void>;
}

export type ProcessFn = (job: DeliveredJob) => Promise<unknown>;

export interface QueueBackend {
  consume(process: ProcessFn, concurrency: number): Promise<Consumer>;
}

/** The reason given to a job's AbortSignal when the runner releases it on shutdown. */
export class ShutdownAbort extends Error {
  override name = 'ShutdownAbort';
  constructor() {
    super('The job runner is shutting down; this job goes back to the queue and will run again.');
  }
}

export const BACKEND = Symbol.for('meridian.queue.backend');

export function backendOf(queue: object): QueueBackend {
  const backend = (queue as { [BACKEND]?: QueueBackend })[BACKEND];
  if (!backend) throw new Error('createRunner needs a queue made by createQueue() from @meridian/queue.');
  return backend;
}
