// Live run updates for server-sent events, carried by the queue's event channel: in-process with the
// memory queue (embedded mode: processor and API share the queue object), Redis pub/sub with BullMQ
// (a worker process publishes, every API instance with an open stream on the run hears it).
// Best effort: metric points, log lines and status are in the database first; the SSE endpoint reads it when
// the channel is silent, so a dropped message delays a chart, it never loses a point.
import type { RunLogLine } from '@meridian/domain';
import type { EventChannel } from '@meridian/queue';

export type RunEvent =
  | { type: 'status'; runId: string; status: string; progress: number; epochsDone: number; error: string | null }
  | { type: 'metrics'; runId: string; points: Array<{ key: string; step: number; value: number }> }
  | { type: 'logs'; runId: string; lines: RunLogLine[] };

const topicOf = (runId: string) => `run:${runId}`;

export class RunEventBus {
  constructor(private readonly channel: EventChannel) {}

  /** Never throws and never waits: a Redis outage must not slow or fail a training job. */
  publish(event: RunEvent): void {
    this.channel.publish(topicOf(event.runId), event).catch(() => undefined);
  }

  /** Resolves once the subscription is in place (for Redis: SUBSCRIBE acknowledged). */
  subscribe(runId: string, fn: (e: RunEvent) => void): Promise<() => Promise<void>> {
    return this.channel.subscribe(topicOf(runId), (m) => {
      const e = m as RunEvent;
      if (e && typeof e === 'object' && e.runId === runId && (e.type === 'metrics' || e.type === 'status' || e.type === 'logs')) fn(e);
    });
  }
}
