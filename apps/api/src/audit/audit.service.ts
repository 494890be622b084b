import { Injectable } from '@nestjs/common';
import type { Prisma } from '@meridian/db';
import type { AuditLogView, Page } from '@meridian/domain';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor } from '../common/context';
import { decodeCursor, encodeCursor, type Db } from '../common/prisma';
import { AuditRepository } from './audit.repository';

/** Every audited action has a name from this list, so the log can be filtered reliably. */
export const AUDIT_ACTIONS = [
  'auth.signup',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'org.create',
  'member.add',
  'member.role_change',
  'member.remove',
  'apikey.create',
  'apikey.revoke',
  'project.create',
  'project.delete',
  // lifecycle: every stage move, with the owner's override reason when entry criteria were unmet
  'project.stage_move',
  'dataset.create',
  'dataset.version_create',
  'dataset.governance_update',
  // governance (risk register, compliance, fairness audits)
  'risk.create',
  'risk.update',
  'risk.transition',
  'risk.delete',
  'project.ai_act_tier',
  'compliance.update',
  'fairness_audit.create',
  'fairness_audit.review',
  'fairness_audit.delete',
  'fairness_audit.exception',
  'fairness_audit.exception_withdraw',
  'model_card.update',
  'fairness_policy.update',
  // model registry: alias moves (champion, challenger, production), written by @meridian/registry moveAlias
  'model.alias_move',
  // retraining triggers (trig)
  'retrain_trigger.create',
  'retrain_trigger.update',
  'retrain_trigger.delete',
  // scheduled retraining (schedules and the per-project retraining policy)
  'retrain_schedule.create',
  'retrain_schedule.update',
  'retrain_schedule.pause',
  'retrain_schedule.resume',
  'retrain_schedule.delete',
  'retrain_schedule.run_now',
  'retrain_policy.update',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  action: AuditAction;
  organizationIds: (string | null)[];
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
  /** Overrides the actor's user (e.g. a failed sign-in has no principal but names the account). */
  userId?: string | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /** One row per organisation, so each organisation's admins see the events that concern them. */
  async record(actor: Actor, rec: AuditRecord, db?: Db): Promise<void> {
    const p = actor.principal;
    const orgs = rec.organizationIds.length > 0 ? rec.organizationIds : [null];
    await this.repo.insert(
      orgs.map((organizationId) => ({
        organizationId,
        actorUserId: rec.userId !== undefined ? rec.userId : actorUserId(p),
        actorApiKeyId: p?.kind === 'apiKey' ? p.apiKeyId : null,
        action: rec.action,
        targetType: rec.targetType ?? null,
        targetId: rec.targetId ?? null,
        metadata: (rec.metadata ?? undefined) as Prisma.InputJsonValue | undefined,
        ip: actor.ip || null,
        requestId: actor.requestId || null,
      })),
      db,
    );
  }

  async list(organizationId: string, q: { limit: number; cursor?: string; action?: string }): Promise<Page<AuditLogView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.repo.list(organizationId, q.limit, cursor, q.action);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        action: r.action,
        actorUserId: r.actorUserId,
        actorApiKeyId: r.actorApiKeyId,
        targetType: r.targetType,
        targetId: r.targetId,
        metadata: r.metadata,
        ip: r.ip,
        requestId: r.requestId,
        createdAt: r.createdAt.toISOString(),
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }
}
