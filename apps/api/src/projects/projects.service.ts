import { Injectable } from '@nestjs/common';
import type { CreateProjectInput, Page, ProjectView, UpdateProjectInput } from '@meridian/domain';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { Transactions, decodeCursor, encodeCursor, isUniqueViolation } from '../common/prisma';
import { AuditService } from '../audit/audit.service';
import { ProjectsRepository, type ProjectData, type ProjectRow } from './projects.repository';

export function projectView(p: ProjectRow): ProjectView {
  return {
    id: p.id,
    organizationId: p.organizationId,
    name: p.name,
    description: p.description,
    stage: p.stage,
    startupMode: p.startupMode,
    businessModel: p.businessModel,
    goal: {
      statement: p.goalStatement,
      metric: p.goalMetric,
      threshold: p.goalThreshold,
      deadline: p.goalDeadline ? p.goalDeadline.toISOString().slice(0, 10) : null,
    },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function toData(input: Partial<CreateProjectInput>): Partial<ProjectData> {
  const d: Partial<ProjectData> = {};
  if (input.name !== undefined) d.name = input.name;
  if (input.description !== undefined) d.description = input.description;
  if (input.stage !== undefined) d.stage = input.stage;
  if (input.startupMode !== undefined) d.startupMode = input.startupMode;
  if (input.businessModel !== undefined) d.businessModel = input.businessModel;
  if (input.goal !== undefined) {
    d.goalStatement = input.goal.statement;
    d.goalMetric = input.goal.metric;
    d.goalThreshold = input.goal.threshold;
    d.goalDeadline = input.goal.deadline ? new Date(`${input.goal.deadline}T00:00:00.000Z`) : null;
  }
  return d;
}

const DUPLICATE = (name: string) => AppError.conflict(`A project named "${name}" already exists in this organisation; pick another name`);

@Injectable()
export class ProjectsService {
  constructor(
    private readonly repo: ProjectsRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
  ) {}

  async list(org: OrgAccess, q: { limit: number; cursor?: string }): Promise<Page<ProjectView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.repo.page(org.organizationId, q.limit, cursor);
    const page = rows.length > q.limit ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(projectView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async get(org: OrgAccess, id: string): Promise<ProjectView> {
    const p = await this.repo.find(org.organizationId, id);
    if (!p) throw AppError.notFound('project');
    return projectView(p);
  }

  async create(actor: Actor, org: OrgAccess, input: CreateProjectInput): Promise<ProjectView> {
    try {
      const p = await this.tx.run(async (tx) => {
        const created = await this.repo.create(
          org.organizationId,
          { ...(toData(input) as ProjectData), createdById: actorUserId(org.principal) },
          tx,
        );
        await this.audit.record(actor, { action: 'project.create', organizationIds: [org.organizationId], targetType: 'project', targetId: created.id, metadata: { name: created.name } }, tx);
        return created;
      });
      return projectView(p);
    } catch (e) {
      if (isUniqueViolation(e)) throw DUPLICATE(input.name);
      throw e;
    }
  }

  async update(org: OrgAccess, id: string, input: UpdateProjectInput): Promise<ProjectView> {
    try {
      const p = await this.repo.update(org.organizationId, id, toData(input));
      if (!p) throw AppError.notFound('project');
      return projectView(p);
    } catch (e) {
      if (isUniqueViolation(e)) throw DUPLICATE(input.name ?? '');
      throw e;
    }
  }

  async delete(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const p = await this.repo.find(org.organizationId, id, tx);
      if (!p) throw AppError.notFound('project');
      await this.repo.delete(org.organizationId, id, tx);
      await this.audit.record(actor, { action: 'project.delete', organizationIds: [org.organizationId], targetType: 'project', targetId: id, metadata: { name: p.name } }, tx);
    });
  }
}
