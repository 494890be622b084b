import { Injectable } from '@nestjs/common';
import type { CreateRiskInput, RiskDetailView, RiskHeatMapView, RiskListQuery, RiskListView, RiskStatus, RiskTransitionInput, RiskView, UpdateRiskInput } from '@meridian/domain';
import { RISK_TRANSITIONS, assessRisk, findOverdueReviews, heatMap, riskLevel, transitionRisk, type OverdueReview } from '@meridian/risk';
import type { Prisma } from '@meridian/db';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { Transactions } from '../common/prisma';
import { AuditService } from '../audit/audit.service';
import { RisksRepository, type RiskRow } from './risks.repository';
import { riskRules } from './risk-errors';

/** Likelihood/impact pairs whose score satisfies `test`, as an OR list for a where-clause. */
export function pairsWhere(test: (score: number) => boolean): Prisma.RiskWhereInput[] {
  const out: Prisma.RiskWhereInput[] = [];
  for (let l = 1; l <= 5; l++) {
    const impacts = [1, 2, 3, 4, 5].filter((i) => test(l * i));
    if (impacts.length) out.push({ likelihood: l, impact: { in: impacts } });
  }
  // No pair matches: a condition nothing satisfies (Prisma treats OR: [] as false, made explicit here).
  return out.length ? out : [{ id: { in: [] } }];
}

/** findOverdueReviews (libs/risk) as a where-clause: open, and past its review date or never dated once assessed. */
export function overdueWhere(asOf: string): Prisma.RiskWhereInput {
  return { status: { not: 'CLOSED' }, OR: [{ reviewDate: { lt: new Date(`${asOf}T00:00:00.000Z`) } }, { reviewDate: null, status: { not: 'IDENTIFIED' } }] };
}

/** Keyset cursor over (score desc, createdAt desc, id desc). */
export function encodeRiskCursor(score: number, createdAt: Date, id: string): string {
  return Buffer.from(`${score}|${createdAt.toISOString()}|${id}`).toString('base64url');
}
export function decodeRiskCursor(cursor: string): { score: number; createdAt: Date; id: string } | null {
  const [score, at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  const s = Number(score);
  if (rest.length || !Number.isInteger(s) || s < 1 || s > 25 || Number.isNaN(createdAt.getTime()) || !/^[A-Za-z0-9_-]{1,64}$/.test(id ?? '')) return null;
  return { score: s, createdAt, id };
}
export const today = (): string => new Date().toISOString().slice(0, 10);
const day = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);
const toDate = (s: string | null | undefined): Date | null | undefined => (s === undefined ? undefined : s === null ? null : new Date(`${s}T00:00:00.000Z`));

export function riskView(r: RiskRow, names: Map<string, string>, overdue: OverdueReview | undefined): RiskView {
  const a = assessRisk({ likelihood: r.likelihood, impact: r.impact, response: r.response, residualLikelihood: r.residualLikelihood, residualImpact: r.residualImpact });
  return {
    id: r.id,
    organizationId: r.organizationId,
    projectId: r.projectId,
    projectName: r.project.name,
    title: r.title,
    description: r.description,
    category: r.category,
    likelihood: r.likelihood,
    impact: r.impact,
    score: a.score,
    level: a.level,
    response: r.response,
    ownerId: r.ownerId,
    ownerName: r.ownerId ? (names.get(r.ownerId) ?? null) : null,
    reviewDate: day(r.reviewDate),
    residualLikelihood: a.residualLikelihood,
    residualImpact: a.residualImpact,
    residualScore: a.residualScore,
    residualLevel: a.residualLevel,
    status: r.status,
    source: r.source,
    dedupeKey: r.dedupeKey,
    evidence: (r.evidence as RiskView['evidence']) ?? null,
    fairnessAuditId: r.fairnessAuditId,
    modelVersionId: r.modelVersionId,
    overdue: overdue ? { reason: overdue.reason, daysOverdue: overdue.daysOverdue } : null,
    allowedTransitions: [...RISK_TRANSITIONS[r.status]],
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function overdueOf(rows: RiskRow[], asOf: string): Map<string, OverdueReview> {
  const list = findOverdueReviews(
    rows.map((r) => ({ id: r.id, title: r.title, status: r.status, likelihood: r.likelihood, impact: r.impact, reviewDate: day(r.reviewDate), ownerId: r.ownerId })),
    asOf,
  );
  return new Map(list.map((o) => [o.riskId, o]));
}

@Injectable()
export class RisksService {
  constructor(
    private readonly repo: RisksRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
  ) {}

  private async views(rows: RiskRow[]): Promise<RiskView[]> {
    const names = await this.repo.userNames(rows.map((r) => r.ownerId));
    const overdue = overdueOf(rows, today());
    return rows.map((r) => riskView(r, names, overdue.get(r.id)));
  }

  /**
   * The register, most severe first (score = likelihood x impact desc, then newest), one keyset
   * page at a time. Score, level and "overdue" are derived values, so their filters and the cursor
   * are written as conditions on the stored columns (a score is one of 25 likelihood/impact pairs).
   */
  async list(org: OrgAccess, q: RiskListQuery): Promise<RiskListView> {
    const cursor = q.cursor ? decodeRiskCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned; start again without it' }]);
    const and: Prisma.RiskWhereInput[] = [];
    if (q.projectId) and.push({ projectId: q.projectId });
    if (q.status) and.push({ status: q.status });
    else if (!q.includeClosed) and.push({ status: { not: 'CLOSED' } });
    if (q.category) and.push({ category: q.category });
    if (q.source) and.push({ source: q.source });
    if (q.ownerId) and.push({ ownerId: q.ownerId });
    if (q.level) and.push({ OR: pairsWhere((s) => riskLevel(s) === q.level) });
    // A heat-map cell; residual ratings fall back to the inherent ones where none is set (assessRisk).
    if (q.likelihood) and.push(q.residual ? { OR: [{ residualLikelihood: q.likelihood }, { residualLikelihood: null, likelihood: q.likelihood }] } : { likelihood: q.likelihood });
    if (q.impact) and.push(q.residual ? { OR: [{ residualImpact: q.impact }, { residualImpact: null, impact: q.impact }] } : { impact: q.impact });
    const asOf = today();
    if (q.overdue !== undefined) and.push(q.overdue ? overdueWhere(asOf) : { NOT: overdueWhere(asOf) });
    const where: Prisma.RiskWhereInput = { AND: and };
    const [rows, overdueCount] = await Promise.all([
      this.repo.page(org.organizationId, where, q.limit + 1, cursor),
      this.repo.count(org.organizationId, { AND: [where, overdueWhere(asOf)] }),
    ]);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(page),
      overdueCount,
      nextCursor: rows.length > q.limit && last ? encodeRiskCursor(last.likelihood * last.impact, last.createdAt, last.id) : null,
    };
  }

  async heatMap(org: OrgAccess, q: { projectId?: string; residual?: boolean }): Promise<RiskHeatMapView> {
    const rows = await this.repo.list(org.organizationId, { ...(q.projectId ? { projectId: q.projectId } : {}), status: { not: 'CLOSED' } });
    const map = heatMap(
      rows.map((r) => ({ id: r.id, likelihood: r.likelihood, impact: r.impact, residualLikelihood: r.residualLikelihood, residualImpact: r.residualImpact, status: r.status })),
      { residual: q.residual ?? false },
    );
    return { residual: q.residual ?? false, total: map.total, byLevel: map.byLevel, rows: map.rows };
  }

  async get(org: OrgAccess, id: string): Promise<RiskDetailView> {
    const r = await this.repo.find(org.organizationId, id);
    if (!r) throw AppError.notFound('risk');
    return this.detail(r);
  }

  private async detail(r: RiskRow): Promise<RiskDetailView> {
    const history = await this.repo.history(r.id);
    const names = await this.repo.userNames([r.ownerId, ...history.map((h) => h.actorId)]);
    const overdue = overdueOf([r], today());
    return {
      ...riskView(r, names, overdue.get(r.id)),
      history: history.map((h) => ({ id: h.id, from: h.fromStatus, to: h.toStatus, actorId: h.actorId, actorName: h.actorId ? (names.get(h.actorId) ?? null) : null, note: h.note, at: h.createdAt.toISOString() })),
    };
  }

  private async checkOwner(org: OrgAccess, ownerId: string | null | undefined): Promise<void> {
    if (!ownerId) return;
    if (!(await this.repo.isMember(org.organizationId, ownerId))) {
      throw AppError.validation([{ path: 'ownerId', message: 'is not a member of this organisation; pick a member as the owner' }]);
    }
  }

  async create(actor: Actor, org: OrgAccess, projectId: string, input: CreateRiskInput): Promise<RiskDetailView> {
    const project = await this.repo.findProject(org.organizationId, projectId);
    if (!project) throw AppError.notFound('project');
    await this.checkOwner(org, input.ownerId);
    await riskRules(() => assessRisk(input));
    const userId = actorUserId(org.principal);
    const row = await this.tx.run(async (tx) => {
      const created = await this.repo.create(
        {
          organizationId: org.organizationId,
          projectId,
          title: input.title,
          description: input.description,
          category: input.category,
          likelihood: input.likelihood,
          impact: input.impact,
          response: input.response,
          ownerId: input.ownerId,
          reviewDate: toDate(input.reviewDate),
          residualLikelihood: input.residualLikelihood,
          residualImpact: input.residualImpact,
          createdById: userId,
        },
        tx,
      );
      await this.repo.addHistory({ organizationId: org.organizationId, riskId: created.id, fromStatus: null, toStatus: created.status, actorId: userId, note: 'created' }, tx);
      await this.audit.record(actor, { action: 'risk.create', organizationIds: [org.organizationId], targetType: 'risk', targetId: created.id, metadata: { title: created.title, projectId } }, tx);
      return created;
    });
    return this.detail(row);
  }

  async update(actor: Actor, org: OrgAccess, id: string, input: UpdateRiskInput): Promise<RiskDetailView> {
    const r = await this.repo.find(org.organizationId, id);
    if (!r) throw AppError.notFound('risk');
    if (input.ownerId !== undefined) await this.checkOwner(org, input.ownerId);
    const merged = {
      likelihood: input.likelihood ?? r.likelihood,
      impact: input.impact ?? r.impact,
      response: input.response !== undefined ? input.response : r.response,
      residualLikelihood: input.residualLikelihood !== undefined ? input.residualLikelihood : r.residualLikelihood,
      residualImpact: input.residualImpact !== undefined ? input.residualImpact : r.residualImpact,
    };
    // A rating lowered below a stored residual drops the residual back to "same as inherent" only when asked; otherwise refuse.
    await riskRules(() => assessRisk(merged));
    const data: Prisma.RiskUncheckedUpdateInput = {};
    for (const k of ['title', 'description', 'category', 'likelihood', 'impact', 'response', 'ownerId', 'residualLikelihood', 'residualImpact'] as const) {
      if (input[k] !== undefined) (data as Record<string, unknown>)[k] = input[k];
    }
    if (input.reviewDate !== undefined) data.reviewDate = toDate(input.reviewDate);
    const row = await this.tx.run(async (tx) => {
      const updated = await this.repo.update(r.id, data, tx);
      await this.audit.record(actor, { action: 'risk.update', organizationIds: [org.organizationId], targetType: 'risk', targetId: r.id, metadata: { fields: Object.keys(data) } }, tx);
      return updated;
    });
    return this.detail(row);
  }

  async transition(actor: Actor, org: OrgAccess, id: string, input: RiskTransitionInput): Promise<RiskDetailView> {
    const r = await this.repo.find(org.organizationId, id);
    if (!r) throw AppError.notFound('risk');
    const userId = actorUserId(org.principal);
    const { risk, history } = await riskRules(() =>
      transitionRisk(
        { id: r.id, status: r.status, likelihood: r.likelihood, impact: r.impact, response: r.response, ownerId: r.ownerId, reviewDate: day(r.reviewDate) },
        input.to,
        { actorId: userId ?? 'system', at: new Date().toISOString(), note: input.note },
      ),
    );
    const row = await this.tx.run(async (tx) => {
      // The status is compared in the update so two concurrent moves cannot both apply.
      const moved = await tx.risk.updateMany({ where: { id: r.id, status: r.status }, data: { status: risk.status as RiskStatus, reviewDate: toDate(risk.reviewDate) } });
      if (moved.count !== 1) throw AppError.conflict('the risk changed status meanwhile; reload and try again');
      await this.repo.addHistory({ organizationId: org.organizationId, riskId: r.id, fromStatus: history.from, toStatus: history.to, actorId: userId, note: history.note }, tx);
      await this.audit.record(actor, { action: 'risk.transition', organizationIds: [org.organizationId], targetType: 'risk', targetId: r.id, metadata: { from: history.from, to: history.to } }, tx);
      return (await this.repo.find(org.organizationId, r.id, tx))!;
    });
    return this.detail(row);
  }

  async delete(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    const r = await this.repo.find(org.organizationId, id);
    if (!r) throw AppError.notFound('risk');
    await this.tx.run(async (tx) => {
      await this.repo.delete(r.id, tx);
      await this.audit.record(
        actor,
        { action: 'risk.delete', organizationIds: [org.organizationId], targetType: 'risk', targetId: r.id, metadata: { title: r.title, projectId: r.projectId, status: r.status, score: r.likelihood * r.impact, level: riskLevel(r.likelihood * r.impact) } },
        tx,
      );
    });
  }
}
