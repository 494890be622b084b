// project.export: a JSON document of one project (its row, its goal, the audit trail entries that
// target it), stored as the JobRecord's result so the API can serve it with the job. Kept small on
// purpose; datasets and runs join the export when those modules exist.
import { Inject } from '@nestjs/common';
import type { Database } from '@meridian/db';
import { JobName, type JobPayload } from '@meridian/domain';
import { PermanentJobError, type JobContext } from '@meridian/queue';
import { JobProcessor, type JobProcessorHandler } from '../processor';
import { JOBS_DATABASE } from '../tokens';

export const PROJECT_EXPORT_FORMAT = 'meridian.project-export/v1';

export interface ProjectExport {
  format: typeof PROJECT_EXPORT_FORMAT;
  exportedAt: string;
  project: {
    id: string;
    organizationId: string;
    name: string;
    description: string;
    stage: string;
    startupMode: string;
    businessModel: string;
    createdById: string | null;
    createdAt: string;
    updatedAt: string;
  };
  goal: { statement: string; metric: string | null; threshold: number | null; deadline: string | null };
  auditTrail: Array<{ id: string; action: string; actorUserId: string | null; actorApiKeyId: string | null; metadata: unknown; createdAt: string }>;
}

/** Audit entries are matched on targetType case-insensitively ('project' / 'Project') and targetId. */
const AUDIT_LIMIT = 10_000;

@JobProcessor(JobName.ProjectExport)
export class ProjectExportProcessor implements JobProcessorHandler<typeof JobName.ProjectExport> {
  constructor(@Inject(JOBS_DATABASE) private readonly db: Database) {}

  async handle(ctx: JobContext<JobPayload<typeof JobName.ProjectExport>>): Promise<ProjectExport> {
    const { organizationId, projectId } = ctx.payload;
    const prisma = this.db.prisma;
    const project = await prisma.project.findFirst({ where: { id: projectId, organizationId } });
    if (!project) throw new PermanentJobError(`Project ${projectId} does not exist in organisation ${organizationId}.`);
    await ctx.updateProgress(30);
    ctx.signal.throwIfAborted();
    const audit = await prisma.auditLog.findMany({
      where: { organizationId, targetId: projectId, targetType: { equals: 'project', mode: 'insensitive' } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: AUDIT_LIMIT,
    });
    await ctx.updateProgress(80);
    ctx.log(`exported project ${projectId} with ${audit.length} audit entries`);
    return {
      format: PROJECT_EXPORT_FORMAT,
      exportedAt: new Date().toISOString(),
      project: {
        id: project.id,
        organizationId: project.organizationId,
        name: project.name,
        description: project.description,
        stage: project.stage,
        startupMode: project.startupMode,
        businessModel: project.businessModel,
        createdById: project.createdById,
        createdAt: project.createdAt.toISOString(),
        updatedAt: project.updatedAt.toISOString(),
      },
      goal: {
        statement: project.goalStatement,
        metric: project.goalMetric,
        threshold: project.goalThreshold,
        deadline: project.goalDeadline?.toISOString() ?? null,
      },
      auditTrail: audit.map((a) => ({
        id: a.id,
        action: a.action,
        actorUserId: a.actorUserId,
        actorApiKeyId: a.actorApiKeyId,
        metadata: a.metadata ?? null,
        createdAt: a.createdAt.toISOString(),
      })),
    };
  }
}
