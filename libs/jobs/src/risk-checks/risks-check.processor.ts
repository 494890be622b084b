// `risks.check`: the risk loop on its own clock. A daily job scheduler (BullMQ job scheduler on Redis,
// a timer in the in-process queue) fires it with no organisation, meaning every organisation; the API
// may also queue it for one. Each organisation gets both checks over every project, so a forecast
// overrun or a satisfaction drop is raised even when no cost was written and no feedback arrived.
// Satisfaction signals also reach the SATISFACTION retraining triggers, as after feedback in the API.
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Database } from '@meridian/db';
import { JobName, type JobPayload } from '@meridian/domain';
import type { JobContext, JobQueue } from '@meridian/queue';
import { JobProcessor, type JobProcessorHandler } from '../processor';
import { RetrainingLauncher } from '../retraining/launcher';
import { RetrainTriggerEngine, prismaRiskSink } from '../retraining-triggers/engine';
import { JOBS_DATABASE, JOBS_QUEUE } from '../tokens';
import { checkOrganisationRisks, type OrganisationRiskCheck } from './risk-checks';

/** The queue id of the daily scheduler: one for the platform, so workers and restarts upsert the same one. */
export const RISK_CHECK_SCHEDULE_ID = 'risks-check-daily';
/** 06:00 UTC, before the working day in Europe; RISK_CHECK_CRON overrides (5-field cron, UTC). */
export const DEFAULT_RISK_CHECK_CRON = '0 6 * * *';

export interface RisksCheckResult {
  organizations: number;
  budgetRisks: number;
  satisfactionRisks: number;
  failures: (OrganisationRiskCheck['failures'][number] & { organizationId: string })[];
}

@JobProcessor(JobName.RisksCheck)
export class RisksCheckProcessor implements JobProcessorHandler<typeof JobName.RisksCheck>, OnApplicationBootstrap {
  private readonly logger = new Logger('RisksCheck');

  constructor(
    @Inject(JOBS_DATABASE) private readonly db: Database,
    @Inject(JOBS_QUEUE) private readonly queue: JobQueue,
    @Inject(RetrainingLauncher) private readonly launcher: RetrainingLauncher,
  ) {}

  /**
   * Puts the daily schedule on the queue wherever processors run (idempotent upsert by id): the
   * in-process queue forgets it on restart and Redis may have been flushed, so every start sets it.
   */
  async onApplicationBootstrap(): Promise<void> {
    const cron = process.env.RISK_CHECK_CRON?.trim() || DEFAULT_RISK_CHECK_CRON;
    await this.queue.upsertSchedule(RISK_CHECK_SCHEDULE_ID, { cron, tz: 'UTC' }, { name: JobName.RisksCheck, payload: { organizationId: null } });
  }

  async handle(ctx: JobContext<JobPayload<typeof JobName.RisksCheck>>): Promise<RisksCheckResult> {
    const prisma = this.db.prisma;
    const orgs = ctx.payload.organizationId
      ? await prisma.organization.findMany({ where: { id: ctx.payload.organizationId }, select: { id: true } })
      : await prisma.organization.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    const engine = new RetrainTriggerEngine(prisma, this.launcher, prismaRiskSink(prisma), { warn: (m: string) => this.logger.warn(m) });
    const result: RisksCheckResult = { organizations: orgs.length, budgetRisks: 0, satisfactionRisks: 0, failures: [] };
    for (const o of orgs) {
      const r = await checkOrganisationRisks(prisma, o.id, { onSignals: (orgId, projectId, signals) => engine.onSatisfactionSignals(orgId, projectId, signals, { fire: true }) });
      result.budgetRisks += r.budgetRisks.length;
      result.satisfactionRisks += r.satisfactionRisks.length;
      result.failures.push(...r.failures.map((f) => ({ ...f, organizationId: o.id })));
      if (r.budgetRisks.length || r.satisfactionRisks.length) ctx.log(`organisation ${o.id}: ${r.budgetRisks.length} financial and ${r.satisfactionRisks.length} satisfaction risks raised`);
    }
    return result;
  }
}
