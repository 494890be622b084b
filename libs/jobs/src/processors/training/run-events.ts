// Live run updates for server-sent events. In one process (embedded mode, tests) the processor and
// the API share this in-process bus; a separate worker process reaches the API through the
// database instead (the SSE endpoint also polls the run row), so no update depends on the bus.
import { EventEmitter } from 'node:events';

export type RunEvent =
  | { type: 'status'; runId: string; status: string; progress: number; epochsDone: number; error: string | null }
  | { type: 'metrics'; runId: string; points: Array<{ key: string; step: number; value: number }> };

export class RunEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open SSE connection on a run; many dashboards may watch.
    this.emitter.setMaxListeners(0);
  }

  publish(event: RunEvent): void {
    this.emitter.emit(event.runId, event);
  }

  subscribe(runId: string, fn: (e: RunEvent) => void): () => void {
    this.emitter.on(runId, fn);
    return () => this.emitter.off(runId, fn);
  }

  listenerCount(runId: string): number {
    return this.emitter.listenerCount(runId);
  }
}

/** The process-wide bus. */
export const runEvents = new RunEventBus();
