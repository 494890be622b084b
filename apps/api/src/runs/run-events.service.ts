// Server-sent events for one run. Live updates come from the queue's event channel: in-process in
// embedded mode, Redis pub/sub when the trainer is a separate worker process (it publishes after
// each commit). The run row and new metric rows are also polled, so a message lost to a Redis
// blip, or sent before this stream subscribed, still reaches the dashboard a second later.
// Each event says where it came from (`source: 'live' | 'db'`), which the cross-process test checks.
// Log lines (`event: logs`) come the same two ways: live after each commit, and read by seq from
// RunLog every second, so a line a live message missed still arrives. `?logsAfter=<seq>` (the last
// line the page already has) sends the lines after it first; without it the stream starts at the
// newest line.
import { Injectable } from '@nestjs/common';
import { isTerminalRunStatus, type JobStatus, type RunView } from '@meridian/domain';
import { RunEventBus, type RunEvent } from '@meridian/jobs';
import type { JobQueue } from '@meridian/queue';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectQueue } from '../common/tokens';
import { runLogLine } from './run-logs.service';
import { RunLogsRepository } from './run-logs.repository';
import { RunStreamReads } from './runs.repository';

const POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;
const LOG_PAGE = 500;

/** `logsAfter` from the stream's query string: a whole number ≥ 0, else null (start at the newest line). */
function logsAfterOf(req: FastifyRequest): number | null {
  const raw = (req.query as Record<string, unknown> | undefined)?.logsAfter;
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return n <= 2_147_483_647 ? n : null;
}

@Injectable()
export class RunEventsService {
  private readonly bus: RunEventBus;

  constructor(
    private readonly reads: RunStreamReads,
    private readonly logs: RunLogsRepository,
    @InjectQueue() queue: JobQueue,
  ) {
    this.bus = new RunEventBus(queue.events);
  }

  async stream(run: RunView, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(req.id),
    });
    let closed = false;
    const send = (event: string, data: unknown) => {
      if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    let last = { status: run.status as JobStatus, progress: run.progress, epochsDone: run.epochsDone, error: run.error };
    send('status', { runId: run.id, ...last, source: 'db' });
    if (isTerminalRunStatus(run.status)) {
      // Finished runs: the final state, then close (no subscription, no polling).
      res.end(`event: end\ndata: ${JSON.stringify({ runId: run.id, status: last.status })}\n\n`);
      return;
    }
    let lastMetricTime = new Date(0);
    let lastBusMetrics = 0;
    // Lines up to lastLogSeq were sent (or were there before the page loaded); lines sent live
    // ahead of the database read are remembered so the read does not send them again.
    let lastLogSeq = logsAfterOf(req) ?? (await this.logs.lastSeq(run.id));
    const sentLive = new Set<number>();
    const end = () => {
      if (closed) return;
      send('end', { runId: run.id, status: last.status });
      cleanup();
      res.end();
    };
    const onBus = (e: RunEvent) => {
      if (closed) return;
      if (e.type === 'metrics') {
        lastBusMetrics = Date.now();
        send('metrics', { runId: run.id, points: e.points, source: 'live' });
        return;
      }
      if (e.type === 'logs') {
        const fresh = e.lines.filter((l) => l.seq > lastLogSeq && !sentLive.has(l.seq));
        for (const l of fresh) sentLive.add(l.seq);
        if (fresh.length) send('logs', { runId: run.id, lines: fresh, source: 'live' });
        return;
      }
      // The processor publishes a status after its commit; -1 means "unchanged" for progress/epochs.
      const next = {
        status: e.status as JobStatus,
        progress: e.progress >= 0 ? e.progress : last.progress,
        epochsDone: e.epochsDone >= 0 ? e.epochsDone : last.epochsDone,
        error: e.error,
      };
      if (next.status === last.status && next.progress === last.progress && next.epochsDone === last.epochsDone) return;
      last = next;
      send('status', { runId: run.id, ...last, source: 'live' });
      if (isTerminalRunStatus(next.status)) end();
    };
    let unsubscribe: (() => Promise<void>) | null = null;
    this.bus.subscribe(run.id, onBus).then(
      (off) => (closed ? void off() : (unsubscribe = off)),
      () => undefined, // channel down: the row and metric polling below carry the stream
    );
    const poll = async () => {
      const row = await this.reads.status(run.id);
      if (!row) return end();
      if (Date.now() - lastBusMetrics > 3 * POLL_MS) {
        const pts = await this.reads.metricsSince(run.id, lastMetricTime);
        if (pts.length) {
          lastMetricTime = pts[pts.length - 1].time;
          send('metrics', { runId: run.id, points: pts.map((p) => ({ key: p.key, step: p.step, value: p.value })), source: 'db' });
        }
      } else {
        lastMetricTime = new Date(Date.now() - POLL_MS);
      }
      const lines = await this.logs.after(run.id, lastLogSeq, LOG_PAGE);
      if (lines.length) {
        lastLogSeq = lines[lines.length - 1].seq;
        const unsent = lines.filter((l) => !sentLive.delete(l.seq));
        if (unsent.length) send('logs', { runId: run.id, lines: unsent.map(runLogLine), source: 'db' });
      }
      if (row.status !== last.status || row.progress !== last.progress || row.epochsDone !== last.epochsDone) {
        last = { status: row.status, progress: row.progress, epochsDone: row.epochsDone, error: row.error };
        send('status', { runId: run.id, ...last, source: 'db' });
      }
      if (isTerminalRunStatus(row.status)) end();
    };
    const timer = setInterval(() => void poll().catch(() => undefined), POLL_MS);
    const heartbeat = setInterval(() => !closed && res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    function cleanup() {
      closed = true;
      clearInterval(timer);
      clearInterval(heartbeat);
      void unsubscribe?.();
    }
    req.raw.on('close', cleanup);
  }
}
