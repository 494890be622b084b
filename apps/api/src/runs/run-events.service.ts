// Server-sent events for one run. In-process updates come from the run event bus (the trainer runs
// in this process in embedded mode); the run row and new metric rows are also polled, so a
// trainer in a separate worker process reaches the dashboard as well.
import { Injectable } from '@nestjs/common';
import { isTerminalRunStatus, type JobStatus, type RunView } from '@meridian/domain';
import { runEvents, type RunEvent } from '@meridian/jobs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RunStreamReads } from './runs.repository';

const POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;

@Injectable()
export class RunEventsService {
  constructor(private readonly reads: RunStreamReads) {}

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
    send('status', { runId: run.id, ...last });
    let lastMetricTime = new Date(0);
    let lastBusMetrics = 0;
    const end = () => {
      if (closed) return;
      send('end', { runId: run.id, status: last.status });
      cleanup();
      res.end();
    };
    const onBus = (e: RunEvent) => {
      if (e.type === 'metrics') {
        lastBusMetrics = Date.now();
        send('metrics', { runId: run.id, points: e.points });
      }
      // Status comes from the row (the bus can run ahead of a transaction's commit).
    };
    const unsubscribe = runEvents.subscribe(run.id, onBus);
    const poll = async () => {
      const row = await this.reads.status(run.id);
      if (!row) return end();
      if (Date.now() - lastBusMetrics > 3 * POLL_MS) {
        const pts = await this.reads.metricsSince(run.id, lastMetricTime);
        if (pts.length) {
          lastMetricTime = pts[pts.length - 1].time;
          send('metrics', { runId: run.id, points: pts.map((p) => ({ key: p.key, step: p.step, value: p.value })) });
        }
      } else {
        lastMetricTime = new Date(Date.now() - POLL_MS);
      }
      if (row.status !== last.status || row.progress !== last.progress || row.epochsDone !== last.epochsDone) {
        last = { status: row.status, progress: row.progress, epochsDone: row.epochsDone, error: row.error };
        send('status', { runId: run.id, ...last });
      }
      if (isTerminalRunStatus(row.status)) end();
    };
    const timer = setInterval(() => void poll().catch(() => undefined), POLL_MS);
    const heartbeat = setInterval(() => !closed && res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    function cleanup() {
      closed = true;
      clearInterval(timer);
      clearInterval(heartbeat);
      unsubscribe();
    }
    req.raw.on('close', cleanup);
    if (isTerminalRunStatus(run.status)) {
      // Finished runs: the final state, then close.
      end();
    }
  }
}
