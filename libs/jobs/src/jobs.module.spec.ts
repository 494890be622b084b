import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Inject, type INestApplicationContext } from '@nestjs/common';
import { createTestDatabase, newId, type Database, type TestDatabase } from '@meridian/db';
import { JobName, type JobPayload } from '@meridian/domain';
import { createTestQueue, type JobContext, type TestQueue } from '@meridian/queue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROCESSORS, JobCancelledError, JobProcessor, JobsModule, JOBS_DATABASE, PROJECT_EXPORT_FORMAT, ProjectExportProcessor, type JobProcessorHandler, type ProjectExport } from './index';

/** The platform's other processors, so a test that swaps the export handler still covers every JobName. */
const OTHER_PROCESSORS = ALL_PROCESSORS.filter((p) => p !== ProjectExportProcessor);

type ExportPayload = JobPayload<typeof JobName.ProjectExport>;

let db: TestDatabase;
let tq: TestQueue;
let app: INestApplicationContext | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await tq?.close();
});

async function start(processors: Parameters<typeof JobsModule.forRoot>[0]['processors'], kind?: 'memory') {
  tq = await createTestQueue(kind);
  // abortOnError false: a failed start-up rejects here instead of exiting the process.
  app = await NestFactory.createApplicationContext(
    JobsModule.forRoot({ database: db, queue: tq.queue, concurrency: 2, processors, shutdownTimeoutMs: 2_000, cancelPollMs: 50 }),
    { logger: false, abortOnError: false },
  );
  return app;
}

async function seedProject() {
  const orgId = newId();
  await db.prisma.organization.create({ data: { id: orgId, name: 'Acme', slug: `acme-${orgId}` } });
  const project = await db.prisma.project.create({
    data: {
      id: newId(),
      organizationId: orgId,
      name: 'Churn model',
      startupMode: 'APPLICATION',
      businessModel: 'SAAS',
      goalStatement: 'Predict churn 30 days ahead',
      goalMetric: 'auc',
      goalThreshold: 0.85,
      goalDeadline: new Date('2027-03-31T00:00:00Z'),
    },
  });
  const t0 = Date.now();
  await db.prisma.auditLog.createMany({
    data: [
      { id: newId(), organizationId: orgId, action: 'project.created', targetType: 'project', targetId: project.id, createdAt: new Date(t0) },
      { id: newId(), organizationId: orgId, action: 'project.updated', targetType: 'Project', targetId: project.id, metadata: { fields: ['goal'] }, createdAt: new Date(t0 + 1000) },
      { id: newId(), organizationId: orgId, action: 'member.added', targetType: 'membership', targetId: 'm1', createdAt: new Date(t0 + 2000) },
    ],
  });
  return { orgId, project };
}

async function queueExport(orgId: string, projectId: string) {
  const recordId = newId();
  const payload: ExportPayload = { jobRecordId: recordId, organizationId: orgId, projectId };
  await db.prisma.jobRecord.create({ data: { id: recordId, organizationId: orgId, name: JobName.ProjectExport, payload } });
  await tq.queue.add(JobName.ProjectExport, payload, { jobId: `export-${recordId}`, attempts: 2, backoff: { type: 'fixed', delayMs: 50 } });
  return recordId;
}

async function waitForRecord(id: string, status: string) {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const r = await db.prisma.jobRecord.findUniqueOrThrow({ where: { id } });
    if (r.status === status) return r;
    if (Date.now() > deadline) throw new Error(`JobRecord ${id} is ${r.status}, expected ${status} (error: ${r.error})`);
    await new Promise((res) => setTimeout(res, 30));
  }
}

describe('JobsModule start-up checks', () => {
  @JobProcessor(JobName.ProjectExport)
  class SecondExportProcessor implements JobProcessorHandler<typeof JobName.ProjectExport> {
    async handle() {
      return null;
    }
  }

  it('refuses to start when a job name has no handler', async () => {
    await expect(start([])).rejects.toThrow(/no handler for "project.export"/);
  });

  it('refuses to start when a job name has two handlers, naming them', async () => {
    await expect(start([ProjectExportProcessor, SecondExportProcessor])).rejects.toThrow(
      /"project.export" has 2 handlers: ProjectExportProcessor, SecondExportProcessor/,
    );
  });
});

describe('project.export through the queue', () => {
  it('exports the project, its goal and its audit trail into the JobRecord', async () => {
    await start(undefined);
    const { orgId, project } = await seedProject();
    const recordId = await queueExport(orgId, project.id);
    const rec = await waitForRecord(recordId, 'SUCCEEDED');
    expect(rec).toMatchObject({ progress: 100, attempts: 1, error: null });
    expect(rec.startedAt).toBeInstanceOf(Date);
    expect(rec.finishedAt!.getTime()).toBeGreaterThanOrEqual(rec.startedAt!.getTime());
    const out = rec.result as unknown as ProjectExport;
    expect(out.format).toBe(PROJECT_EXPORT_FORMAT);
    expect(out.project).toMatchObject({ id: project.id, organizationId: orgId, name: 'Churn model', stage: 'PLANNING', startupMode: 'APPLICATION' });
    expect(out.goal).toEqual({ statement: 'Predict churn 30 days ahead', metric: 'auc', threshold: 0.85, deadline: '2027-03-31T00:00:00.000Z' });
    expect(out.auditTrail.map((a) => a.action)).toEqual(['project.created', 'project.updated']);
    expect(out.auditTrail[1].metadata).toEqual({ fields: ['goal'] });
  });

  it('marks the JobRecord FAILED at once when the project does not exist', async () => {
    await start(undefined);
    const { orgId } = await seedProject();
    const recordId = await queueExport(orgId, 'no-such-project');
    const rec = await waitForRecord(recordId, 'FAILED');
    expect(rec.error).toMatch(/Project no-such-project does not exist/);
    expect(rec.attempts).toBe(1);
    expect(rec.finishedAt).toBeInstanceOf(Date);
  });

  it('keeps the JobRecord in step across a retry: error recorded, then SUCCEEDED on attempt 2', async () => {
    @JobProcessor(JobName.ProjectExport)
    class FlakyExport implements JobProcessorHandler<typeof JobName.ProjectExport> {
      constructor(@Inject(JOBS_DATABASE) private readonly database: Database) {}
      async handle(ctx: JobContext<ExportPayload>) {
        await ctx.updateProgress(40);
        if (ctx.attempt === 1) throw new Error('database hiccup');
        return { projects: await this.database.prisma.project.count({ where: { id: ctx.payload.projectId } }) };
      }
    }
    await start([FlakyExport, ...OTHER_PROCESSORS]);
    const { orgId, project } = await seedProject();
    const recordId = await queueExport(orgId, project.id);
    const rec = await waitForRecord(recordId, 'SUCCEEDED');
    expect(rec).toMatchObject({ attempts: 2, result: { projects: 1 }, error: null, progress: 100 });
  });

  it('marks the JobRecord FAILED with the last error after the last attempt', async () => {
    @JobProcessor(JobName.ProjectExport)
    class BrokenExport implements JobProcessorHandler<typeof JobName.ProjectExport> {
      async handle(ctx: JobContext<ExportPayload>): Promise<never> {
        throw new Error(`broken on attempt ${ctx.attempt}`);
      }
    }
    await start([BrokenExport, ...OTHER_PROCESSORS]);
    const { orgId, project } = await seedProject();
    const recordId = await queueExport(orgId, project.id);
    const rec = await waitForRecord(recordId, 'FAILED');
    expect(rec).toMatchObject({ attempts: 2, error: 'broken on attempt 2' });
  });
});

describe('cancellation through the JobRecord', () => {
  it('aborts the running handler when its record is set to CANCELLED, and skips a cancelled record', async () => {
    const reasons: unknown[] = [];
    let calls = 0;
    @JobProcessor(JobName.ProjectExport)
    class SlowExport implements JobProcessorHandler<typeof JobName.ProjectExport> {
      handle(ctx: JobContext<ExportPayload>) {
        calls++;
        return new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => {
            reasons.push(ctx.signal.reason);
            reject(ctx.signal.reason);
          }),
        );
      }
    }
    await start([SlowExport, ...OTHER_PROCESSORS]);
    const { orgId, project } = await seedProject();
    const recordId = await queueExport(orgId, project.id);
    await waitForRecord(recordId, 'RUNNING');
    await db.prisma.jobRecord.update({ where: { id: recordId }, data: { status: 'CANCELLED' } });
    const deadline = Date.now() + 45_000;
    while (!reasons.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(reasons[0]).toBeInstanceOf(JobCancelledError);
    await new Promise((r) => setTimeout(r, 300));
    const rec = await db.prisma.jobRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect(rec.status).toBe('CANCELLED');
    expect(rec.finishedAt).toBeInstanceOf(Date);
    expect(calls).toBe(1); // a cancel is final: no retry

    const skippedId = newId();
    const payload = { jobRecordId: skippedId, organizationId: orgId, projectId: project.id };
    await db.prisma.jobRecord.create({ data: { id: skippedId, organizationId: orgId, name: JobName.ProjectExport, payload, status: 'CANCELLED' } });
    await tq.queue.add(JobName.ProjectExport, payload, { jobId: skippedId });
    const waitDone = Date.now() + 45_000;
    while ((await tq.queue.getJobState(skippedId)) !== 'completed' && Date.now() < waitDone) await new Promise((r) => setTimeout(r, 20));
    expect(await tq.queue.getJobState(skippedId)).toBe('completed');
    expect(calls).toBe(1);
  });
});

describe('restart in embedded mode', () => {
  it('queues again the records a previous process left QUEUED or RUNNING, and fails ones it cannot run', async () => {
    const { orgId, project } = await seedProject();
    const queuedId = newId();
    const runningId = newId();
    const badId = newId();
    const ok = (id: string) => ({ jobRecordId: id, organizationId: orgId, projectId: project.id });
    await db.prisma.jobRecord.createMany({
      data: [
        { id: queuedId, organizationId: orgId, name: JobName.ProjectExport, payload: ok(queuedId) },
        { id: runningId, organizationId: orgId, name: JobName.ProjectExport, payload: ok(runningId), status: 'RUNNING', attempts: 1, startedAt: new Date() },
        { id: badId, organizationId: orgId, name: 'project.retired', payload: {} },
      ],
    });
    await start(undefined, 'memory');
    await waitForRecord(queuedId, 'SUCCEEDED');
    await waitForRecord(runningId, 'SUCCEEDED');
    const bad = await waitForRecord(badId, 'FAILED');
    expect(bad.error).toMatch(/Could not requeue after a restart: job "project.retired" no longer exists/);
  });
});
