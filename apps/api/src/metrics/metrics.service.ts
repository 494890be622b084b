import { Injectable } from '@nestjs/common';
import type { PrismaClient } from '@meridian/db';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { InjectPrisma } from '../common/tokens';

/** One registry per app instance (tests start several in one process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly jobsQueued = new Counter({
    name: 'meridian_jobs_queued_total',
    help: 'Jobs queued by this API process, by job name',
    labelNames: ['name'] as const,
    registers: [this.registry],
  });
  constructor(@InjectPrisma() prisma: PrismaClient) {
    collectDefaultMetrics({ register: this.registry });
    // Read at scrape time from the job records, so it counts the jobs of every worker process.
    new Gauge({
      name: 'meridian_jobs',
      help: 'Jobs by name and status (from the job records, all processes)',
      labelNames: ['name', 'status'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await prisma.jobRecord.groupBy({ by: ['name', 'status'], _count: { _all: true } });
        this.reset();
        for (const r of rows) this.set({ name: r.name, status: r.status }, r._count._all);
      },
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(status) }, seconds);
  }
}
