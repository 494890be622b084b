// Moving an alias (champion, challenger, production) is one unit of work: the alias row, its
// history (ModelAliasEvent) and an AuditLog row are written in one transaction, so an alias never
// moves without a trace and a trace never names a move that did not happen. The API (a person or
// an API key) and the worker (auto-promotion) both move aliases through here.
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import type { ModelAliasName } from '@meridian/domain';

/** The AuditLog action of an alias move (listed in the API's AUDIT_ACTIONS so the log can filter by it). */
export const ALIAS_MOVE_AUDIT_ACTION = 'model.alias_move';

/** Who moved it: a user, an API key, or the platform itself (then `label` says what, e.g. auto-promotion). */
export interface AliasActor {
  userId: string | null;
  apiKeyId: string | null;
  /** Shown instead of a person when no user or key acted, e.g. "system (auto-promotion)". */
  label?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface AliasMove {
  organizationId: string;
  projectId: string;
  alias: ModelAliasName;
  modelVersionId: string;
  reason: string;
  actor: AliasActor;
}

export interface AliasMoveResult {
  /** false when the alias already pointed at this version (nothing written). */
  moved: boolean;
  alias: ModelAliasName;
  from: string | null;
  to: string;
  eventId: string | null;
}

export const SYSTEM_AUTO_PROMOTION: AliasActor = { userId: null, apiKeyId: null, label: 'system (auto-promotion)' };

export class AliasMoveError extends Error {
  override readonly name = 'AliasMoveError';
}

/**
 * Points `alias` of the project at `modelVersionId` in a transaction of its own. Inside a unit of
 * work that already holds a transaction, call moveAliasInTransaction with that transaction's client
 * (nested transactions would need savepoints, which the embedded PGlite adapter does not have).
 */
export function moveAlias(db: PrismaClient, move: AliasMove): Promise<AliasMoveResult> {
  return db.$transaction((tx) => moveAliasInTransaction(tx, move), { maxWait: 10_000, timeout: 20_000 });
}

/** moveAlias inside the caller's open transaction: a rollback there undoes the alias, its event and its audit row. */
export async function moveAliasInTransaction(tx: Prisma.TransactionClient, move: AliasMove): Promise<AliasMoveResult> {
  const { organizationId, projectId, alias, modelVersionId, reason, actor } = move;
  // Alias moves of one project queue behind each other, so two concurrent moves cannot both read
  // the same "from" and write a history that skips a step.
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "Project" WHERE id = ${projectId} AND "organizationId" = ${organizationId} FOR UPDATE`;
  if (locked.length === 0) throw new AliasMoveError(`Project ${projectId} does not exist in organisation ${organizationId}.`);
  const mv = await tx.modelVersion.findFirst({ where: { id: modelVersionId, organizationId, projectId }, select: { id: true, version: true } });
  if (!mv) throw new AliasMoveError(`Model version ${modelVersionId} is not a version of project ${projectId}.`);
  const current = await tx.modelAlias.findUnique({ where: { projectId_alias: { projectId, alias } } });
  const from = current?.modelVersionId ?? null;
  if (from === modelVersionId) return { moved: false, alias, from, to: modelVersionId, eventId: null };
  await tx.modelAlias.upsert({
    where: { projectId_alias: { projectId, alias } },
    create: { id: newId(), projectId, alias, modelVersionId },
    update: { modelVersionId },
  });
  const eventId = newId();
  await tx.modelAliasEvent.create({
    data: { id: eventId, organizationId, projectId, alias, fromModelVersionId: from, toModelVersionId: modelVersionId, reason, actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId, actorLabel: actor.label ?? null },
  });
  await tx.auditLog.create({
    data: {
      id: newId(),
      organizationId,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      action: ALIAS_MOVE_AUDIT_ACTION,
      targetType: 'model_version',
      targetId: modelVersionId,
      metadata: { projectId, alias, fromModelVersionId: from, toModelVersionId: modelVersionId, version: mv.version, reason, aliasEventId: eventId, ...(actor.label ? { actor: actor.label } : {}) },
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
    },
  });
  return { moved: true, alias, from, to: modelVersionId, eventId };
}
