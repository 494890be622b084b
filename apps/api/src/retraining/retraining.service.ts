import { Injectable, Logger } from '@nestjs/common';
import { newId } from '@meridian/db';
import {
  DEFAULT_RETRAIN_POLICY,
  type CreateRetrainScheduleInput,
  type CronPreview,
  type ErrorIssue,
  type Page,
  type RetrainCause,
  type RetrainEventListQuery,
  type RetrainEventView,
  type RetrainPolicyInput,
  type RetrainNowInput,
  type RetrainPolicyView,
  type RetrainScheduleView,
  type UpdateRetrainScheduleInput,
} from '@meridian/domain';
import { checkCron, describeCron, LaunchRequestError, nextCronRuns, RetrainingLauncher, RetrainScheduler, scheduleQueueId, syncScheduleToQueue, type LaunchResult } from '@meridian/jobs';
import type { JobQueue } from '@meridian/queue';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { decodeCursor, encodeCursor, isUniqueViolation, Transactions } from '../common/prisma';
import { InjectQueue } from '../common/tokens';
import { RetrainingRepository, type EventRow, type ScheduleWithLast } from './retraining.repository';

const NEXT_RUNS_SHOWN = 3;

export function scheduleView(s: ScheduleWithLast, now: Date = new Date()): RetrainScheduleView {
  const last = s.events[0];
  return {
    id: s.id,
    organizationId: s.organizationId,
    projectId: s.projectId,
    projectName: s.project.name,
    name: s.name,
    cron: s.cron,
    description: describeCron(s.cron),
    timezone: s.timezone,
    paused: s.paused,
    catchUp: s.catchUp,
    templateRunId: s.templateRunId,
    datasetId: s.datasetId,
    lastFiredAt: s.lastFiredAt?.toISOString() ?? null,
    nextRuns: RetrainScheduler.nextRuns(s, now, NEXT_RUNS_SHOWN).map((d) => d.toISOString()),
    lastEvent: last ? { id: last.id, status: last.status, message: last.message, runId: last.runId, createdAt: last.createdAt.toISOString() } : null,
    createdById: s.createdById,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function eventView(e: EventRow, comparison: RetrainEventView['comparison']): RetrainEventView {
  const cause = e.cause as unknown as RetrainCause & { dedupeKey?: string };
  const { dedupeKey: _key, ...causeOnly } = cause;
  return {
    id: e.id,
    projectId: e.projectId,
    scheduleId: e.scheduleId,
    scheduleName: e.schedule?.name ?? null,
    triggerId: e.triggerId,
    cause: causeOnly as RetrainCause,
    causeKind: e.causeKind as RetrainEventView['causeKind'],
    status: e.status,
    message: e.message,
    dedupeKey: e.dedupeKey,
    duplicateOfId: e.duplicateOfId,
    scheduledFor: e.scheduledFor?.toISOString() ?? null,
    runId: e.runId,
    run: e.run ? { id: e.run.id, name: e.run.name, status: e.run.status, modelVersionId: e.run.modelVersions[0]?.id ?? null, championModelVersionId: e.run.championModelVersionId } : null,
    comparison,
    createdById: e.createdById,
    createdAt: e.createdAt.toISOString(),
  };
}

export type RunNowResult = LaunchResult & { event: RetrainEventView };

@Injectable()
export class RetrainingService {
  private readonly logger = new Logger(RetrainingService.name);

  constructor(
    private readonly repo: RetrainingRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly launcher: RetrainingLauncher,
    @InjectQueue() private readonly queue: JobQueue,
  ) {}

  // ---- schedules ----

  async listSchedules(org: OrgAccess, projectId?: string): Promise<RetrainScheduleView[]> {
    const now = new Date();
    return (await this.repo.listSchedules(org.organizationId, projectId)).map((s) => scheduleView(s, now));
  }

  async getSchedule(org: OrgAccess, id: string): Promise<RetrainScheduleView> {
    return scheduleView(await this.schedule(org, id));
  }

  async createSchedule(actor: Actor, org: OrgAccess, input: CreateRetrainScheduleInput): Promise<RetrainScheduleView> {
    const project = await this.repo.findProject(org.organizationId, input.projectId);
    if (!project) throw AppError.notFound('project');
    this.checkCron(input.cron, input.timezone);
    await this.checkRefs(org.organizationId, input.projectId, input.templateRunId ?? null, input.datasetId ?? null);
    const id = newId();
    const row = await this.guardName(input.name, () =>
      this.tx.run(async (db) => {
        const created = await this.repo.createSchedule(
          {
            id,
            organizationId: org.organizationId,
            projectId: input.projectId,
            name: input.name,
            cron: input.cron.trim(),
            timezone: input.timezone,
            paused: input.paused,
            catchUp: input.catchUp,
            templateRunId: input.templateRunId ?? null,
            datasetId: input.datasetId ?? null,
            // Slots before the schedule existed are not "missed".
            lastFiredAt: new Date(),
            createdById: actorUserId(org.principal),
          },
          db,
        );
        await this.audit.record(actor, { action: 'retrain_schedule.create', organizationIds: [org.organizationId], targetType: 'retrain_schedule', targetId: id, metadata: { projectId: input.projectId, name: input.name, cron: created.cron, timezone: input.timezone, paused: input.paused, catchUp: input.catchUp } }, db);
        // Inside the transaction: when the queue refuses, the schedule is not written either.
        await this.syncQueue(created);
        return created;
      }),
    );
    return scheduleView(row);
  }

  async updateSchedule(actor: Actor, org: OrgAccess, id: string, input: UpdateRetrainScheduleInput): Promise<RetrainScheduleView> {
    const s = await this.schedule(org, id);
    const cron = input.cron?.trim() ?? s.cron;
    const timezone = input.timezone ?? s.timezone;
    const timingChanged = cron !== s.cron || timezone !== s.timezone;
    if (input.cron !== undefined || input.timezone !== undefined) this.checkCron(cron, timezone);
    await this.checkRefs(org.organizationId, s.projectId, input.templateRunId ?? null, input.datasetId ?? null);
    const row = await this.guardName(input.name ?? s.name, () =>
      this.tx.run(async (db) => {
        const updated = await this.repo.updateSchedule(
          id,
          {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.catchUp !== undefined ? { catchUp: input.catchUp } : {}),
            ...(input.templateRunId !== undefined ? { templateRunId: input.templateRunId } : {}),
            ...(input.datasetId !== undefined ? { datasetId: input.datasetId } : {}),
            // A new cron starts from now: the old cron's past slots are not missed slots of the new one.
            ...(timingChanged ? { cron, timezone, lastFiredAt: new Date() } : {}),
          },
          db,
        );
        await this.audit.record(actor, { action: 'retrain_schedule.update', organizationIds: [org.organizationId], targetType: 'retrain_schedule', targetId: id, metadata: { changes: input, before: { name: s.name, cron: s.cron, timezone: s.timezone, catchUp: s.catchUp, templateRunId: s.templateRunId, datasetId: s.datasetId } } }, db);
        if (timingChanged) await this.syncQueue(updated);
        return updated;
      }),
    );
    return scheduleView(row);
  }

  async setPaused(actor: Actor, org: OrgAccess, id: string, paused: boolean): Promise<RetrainScheduleView> {
    const s = await this.schedule(org, id);
    if (s.paused === paused) {
      // Still make the queue agree with the database (repairs a queue that lost or kept it).
      await this.syncQueue(s);
      return scheduleView(s);
    }
    const row = await this.tx.run(async (db) => {
      // Resuming starts from now: slots passed while paused were paused on purpose, not missed.
      const updated = await this.repo.updateSchedule(id, paused ? { paused } : { paused, lastFiredAt: new Date() }, db);
      await this.audit.record(actor, { action: paused ? 'retrain_schedule.pause' : 'retrain_schedule.resume', organizationIds: [org.organizationId], targetType: 'retrain_schedule', targetId: id, metadata: { projectId: s.projectId, name: s.name } }, db);
      await this.syncQueue(updated);
      return updated;
    });
    return scheduleView(row);
  }

  async deleteSchedule(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    const s = await this.schedule(org, id);
    await this.tx.run(async (db) => {
      await this.repo.deleteSchedule(id, db);
      await this.audit.record(actor, { action: 'retrain_schedule.delete', organizationIds: [org.organizationId], targetType: 'retrain_schedule', targetId: id, metadata: { projectId: s.projectId, name: s.name, cron: s.cron, timezone: s.timezone } }, db);
      await this.queueCall(() => this.queue.removeSchedule(scheduleQueueId(id)));
    });
  }

  /** "Run now": one MANUAL launch through the launcher (same template, data and limits as the schedule). */
  async runNow(actor: Actor, org: OrgAccess, id: string, idempotencyKey: string | null): Promise<RunNowResult> {
    const s = await this.schedule(org, id);
    const result = await this.launch({
      organizationId: org.organizationId,
      projectId: s.projectId,
      cause: { kind: 'MANUAL', scheduleId: s.id, userId: actorUserId(org.principal) },
      templateRunId: s.templateRunId ?? undefined,
      datasetId: s.datasetId ?? undefined,
      dedupeKey: idempotencyKey ? `manual:${s.id}:${idempotencyKey}` : `manual:${s.id}:${newId()}`,
    });
    await this.audit.record(actor, { action: 'retrain_schedule.run_now', organizationIds: [org.organizationId], targetType: 'retrain_schedule', targetId: id, metadata: { projectId: s.projectId, status: result.status, eventId: result.eventId, runId: 'runId' in result ? result.runId : null } });
    return { ...result, event: await this.event(org, result.eventId) };
  }

  /** "Retrain now" for a project, without a schedule: the same launcher, template defaults and limits. */
  async runNowForProject(actor: Actor, org: OrgAccess, input: RetrainNowInput, idempotencyKey: string | null): Promise<RunNowResult> {
    if (!(await this.repo.findProject(org.organizationId, input.projectId))) throw AppError.notFound('project');
    await this.checkRefs(org.organizationId, input.projectId, input.templateRunId ?? null, input.datasetId ?? null);
    const result = await this.launch({
      organizationId: org.organizationId,
      projectId: input.projectId,
      cause: { kind: 'MANUAL', scheduleId: null, userId: actorUserId(org.principal) },
      templateRunId: input.templateRunId ?? undefined,
      datasetId: input.datasetId ?? undefined,
      dedupeKey: idempotencyKey ? `manual:project:${idempotencyKey}` : `manual:project:${newId()}`,
    });
    await this.audit.record(actor, { action: 'retrain_schedule.run_now', organizationIds: [org.organizationId], targetType: 'project', targetId: input.projectId, metadata: { status: result.status, eventId: result.eventId, runId: 'runId' in result ? result.runId : null } });
    return { ...result, event: await this.event(org, result.eventId) };
  }

  cronPreview(cron: string, timezone: string, count: number): CronPreview {
    this.checkCron(cron, timezone);
    return { cron: cron.trim(), timezone, description: describeCron(cron), next: nextCronRuns(cron, timezone, new Date(), count).map((d) => d.toISOString()) };
  }

  // ---- history ----

  async listEvents(org: OrgAccess, q: RetrainEventListQuery): Promise<Page<RetrainEventView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.repo.pageEvents(org.organizationId, q, cursor);
    const items = rows.slice(0, q.limit);
    const comparisons = await this.repo.comparisonsOf(items.map((e) => e.runId).filter((x): x is string => !!x));
    const last = items[items.length - 1];
    return {
      items: items.map((e) => eventView(e, this.comparison(e.runId ? comparisons.get(e.runId) : undefined))),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  async event(org: OrgAccess, id: string): Promise<RetrainEventView> {
    const e = await this.repo.findEvent(org.organizationId, id);
    if (!e) throw AppError.notFound('retraining event');
    const comparisons = await this.repo.comparisonsOf(e.runId ? [e.runId] : []);
    return eventView(e, this.comparison(e.runId ? comparisons.get(e.runId) : undefined));
  }

  // ---- policy ----

  async getPolicy(org: OrgAccess, projectId: string): Promise<RetrainPolicyView> {
    const project = await this.repo.findProject(org.organizationId, projectId);
    if (!project) throw AppError.notFound('project');
    return this.policyView(project, await this.repo.findPolicy(projectId));
  }

  async putPolicy(actor: Actor, org: OrgAccess, projectId: string, input: RetrainPolicyInput): Promise<RetrainPolicyView> {
    const project = await this.repo.findProject(org.organizationId, projectId);
    if (!project) throw AppError.notFound('project');
    const before = await this.repo.findPolicy(projectId);
    const row = await this.tx.run(async (db) => {
      const saved = await this.repo.upsertPolicy(org.organizationId, projectId, { ...input, updatedById: actorUserId(org.principal) }, db);
      await this.audit.record(actor, {
        action: 'retrain_policy.update',
        organizationIds: [org.organizationId],
        targetType: 'project',
        targetId: projectId,
        metadata: { before: before ? { maxConcurrent: before.maxConcurrent, autoPromote: before.autoPromote, promoteMargin: before.promoteMargin, compareMetric: before.compareMetric } : DEFAULT_RETRAIN_POLICY, after: input },
      }, db);
      return saved;
    });
    return this.policyView(project, row);
  }

  // ---- helpers ----

  private policyView(project: { id: string; goalMetric: string | null }, p: { maxConcurrent: number; autoPromote: boolean; promoteMargin: number; compareMetric: string | null; updatedAt: Date } | null): RetrainPolicyView {
    const v = p ?? { ...DEFAULT_RETRAIN_POLICY, updatedAt: null };
    return {
      projectId: project.id,
      maxConcurrent: v.maxConcurrent,
      autoPromote: v.autoPromote,
      promoteMargin: v.promoteMargin,
      compareMetric: v.compareMetric,
      effectiveCompareMetric: v.compareMetric ?? project.goalMetric ?? 'accuracy',
      stored: p !== null,
      updatedAt: p ? p.updatedAt.toISOString() : null,
    };
  }

  private comparison(c: { id: string; status: string; metric: string; challengerValue: number | null; championValue: number | null; winner: string | null; promoted: boolean; decision: string | null } | undefined): RetrainEventView['comparison'] {
    if (!c) return null;
    return { id: c.id, status: c.status, metric: c.metric, challengerValue: c.challengerValue, championValue: c.championValue, winner: c.winner, promoted: c.promoted, decision: c.decision };
  }

  private async schedule(org: OrgAccess, id: string): Promise<ScheduleWithLast> {
    const s = await this.repo.findSchedule(org.organizationId, id);
    if (!s) throw AppError.notFound('retraining schedule');
    return s;
  }

  private checkCron(cron: string, timezone: string): void {
    const problem = checkCron(cron, timezone);
    if (problem) throw new AppError('UNPROCESSABLE', `Invalid ${problem.path === 'cron' ? 'cron expression' : 'time zone'}: ${problem.message}`, [{ path: problem.path, message: problem.message }]);
  }

  /** The template run and dataset must be of the schedule's project, and the run one that can be repeated. */
  private async checkRefs(organizationId: string, projectId: string, templateRunId: string | null, datasetId: string | null): Promise<void> {
    const issues: ErrorIssue[] = [];
    if (templateRunId) {
      const run = await this.repo.findTemplateRun(organizationId, projectId, templateRunId);
      if (!run) issues.push({ path: 'templateRunId', message: `run ${templateRunId} is not a run of this project` });
      else if (run.external) issues.push({ path: 'templateRunId', message: `run "${run.name}" is an external run (trained elsewhere); pick a run trained here` });
      else if (!run.labelColumn || (!run.preset && !run.spec)) issues.push({ path: 'templateRunId', message: `run "${run.name}" has no label column or model to repeat` });
    }
    if (datasetId && !(await this.repo.findDataset(organizationId, projectId, datasetId))) {
      issues.push({ path: 'datasetId', message: `dataset ${datasetId} is not a dataset of this project` });
    }
    if (issues.length) throw new AppError('UNPROCESSABLE', `The schedule refers to something it cannot use: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }

  private async guardName<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict(`The project already has a retraining schedule named "${name}"; choose another name`);
      throw e;
    }
  }

  private syncQueue(s: { id: string; organizationId: string; cron: string; timezone: string; paused: boolean }): Promise<void> {
    return this.queueCall(() => syncScheduleToQueue(this.queue, s));
  }

  private async queueCall(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.logger.error({ err: e }, 'retraining schedule: the queue refused the change');
      throw new AppError('SERVICE_UNAVAILABLE', 'The job queue is not available right now, so the schedule was not changed; try again shortly');
    }
  }

  private async launch(req: Parameters<RetrainingLauncher['launch']>[0]): Promise<LaunchResult> {
    try {
      return await this.launcher.launch(req);
    } catch (e) {
      if (e instanceof LaunchRequestError) throw new AppError(e.code, e.message);
      throw e;
    }
  }
}
