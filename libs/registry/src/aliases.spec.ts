// moveAlias on a real database (PostgreSQL when it answers, else PGlite): alias row, alias history
// and audit row are written together, a no-op move writes nothing, and a failure writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, newId, type TestDatabase } from '@meridian/db';
import { ALIAS_MOVE_AUDIT_ACTION, AliasMoveError, moveAlias, moveAliasInTransaction, SYSTEM_AUTO_PROMOTION } from './aliases';
import { evaluatePromotionGate, loadGateContext } from './gate';
import { PROMOTION_CHECKS } from './checks';

let db: TestDatabase;
const orgId = newId();
const otherOrgId = newId();
const projectId = newId();
const userId = newId();
const models: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  await p.organization.createMany({ data: [{ id: orgId, name: 'Registry org', slug: `reg-${orgId}` }, { id: otherOrgId, name: 'Other', slug: `reg-${otherOrgId}` }] });
  await p.project.create({ data: { id: projectId, organizationId: orgId, name: 'Churn', startupMode: 'APPLICATION', businessModel: 'SAAS', goalMetric: 'accuracy', goalThreshold: 0.9 } });
  for (const [i, accuracy] of [0.8, 0.95].entries()) {
    const runId = newId();
    await p.trainingRun.create({ data: { id: runId, organizationId: orgId, projectId, name: `run ${i}`, status: 'SUCCEEDED' } });
    const id = newId();
    await p.modelVersion.create({ data: { id, organizationId: orgId, projectId, runId, version: i + 1, artifactKey: `runs/${runId}/model.pack`, testMetrics: { accuracy } } });
    models.push(id);
  }
});

afterAll(async () => {
  await db?.close();
});

describe('moveAlias', () => {
  it('moves the alias and writes one history event and one audit row, in order', async () => {
    const first = await moveAlias(db.prisma, { organizationId: orgId, projectId, alias: 'champion', modelVersionId: models[0], reason: 'first model', actor: { userId, apiKeyId: null, ip: '10.0.0.1', requestId: 'req-1' } });
    expect(first).toMatchObject({ moved: true, from: null, to: models[0] });
    const second = await moveAlias(db.prisma, { organizationId: orgId, projectId, alias: 'champion', modelVersionId: models[1], reason: 'won the comparison', actor: SYSTEM_AUTO_PROMOTION });
    expect(second).toMatchObject({ moved: true, from: models[0], to: models[1] });

    const alias = await db.prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId, alias: 'champion' } } });
    expect(alias?.modelVersionId).toBe(models[1]);
    const events = await db.prisma.modelAliasEvent.findMany({ where: { projectId, alias: 'champion' }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => [e.fromModelVersionId, e.toModelVersionId, e.actorUserId, e.actorLabel])).toEqual([
      [null, models[0], userId, null],
      [models[0], models[1], null, 'system (auto-promotion)'],
    ]);
    const audit = await db.prisma.auditLog.findMany({ where: { organizationId: orgId, action: ALIAS_MOVE_AUDIT_ACTION }, orderBy: { createdAt: 'asc' } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorUserId: userId, targetType: 'model_version', targetId: models[0], ip: '10.0.0.1', requestId: 'req-1' });
    expect(audit[0].metadata).toMatchObject({ projectId, alias: 'champion', fromModelVersionId: null, toModelVersionId: models[0], version: 1, reason: 'first model', aliasEventId: events[0].id });
    expect(audit[1].actorUserId).toBeNull();
    expect(audit[1].metadata).toMatchObject({ alias: 'champion', fromModelVersionId: models[0], toModelVersionId: models[1], actor: 'system (auto-promotion)', reason: 'won the comparison' });
  });

  it('writes nothing when the alias already points at the version', async () => {
    const before = await db.prisma.auditLog.count({ where: { organizationId: orgId } });
    const r = await moveAlias(db.prisma, { organizationId: orgId, projectId, alias: 'champion', modelVersionId: models[1], reason: 'again', actor: SYSTEM_AUTO_PROMOTION });
    expect(r).toMatchObject({ moved: false, eventId: null });
    expect(await db.prisma.auditLog.count({ where: { organizationId: orgId } })).toBe(before);
    expect(await db.prisma.modelAliasEvent.count({ where: { projectId, alias: 'champion' } })).toBe(2);
  });

  it('refuses a version of another project or organisation and leaves nothing behind', async () => {
    await expect(moveAlias(db.prisma, { organizationId: otherOrgId, projectId, alias: 'production', modelVersionId: models[0], reason: 'x', actor: SYSTEM_AUTO_PROMOTION })).rejects.toThrow(AliasMoveError);
    await expect(moveAlias(db.prisma, { organizationId: orgId, projectId, alias: 'production', modelVersionId: 'nope', reason: 'x', actor: SYSTEM_AUTO_PROMOTION })).rejects.toThrow(/not a version of project/);
    expect(await db.prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId, alias: 'production' } } })).toBeNull();
    expect(await db.prisma.modelAliasEvent.count({ where: { projectId, alias: 'production' } })).toBe(0);
  });

  it('joins a caller transaction: a rollback undoes the alias, the event and the audit row', async () => {
    const before = await db.prisma.auditLog.count({ where: { organizationId: orgId } });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await moveAliasInTransaction(tx, { organizationId: orgId, projectId, alias: 'challenger', modelVersionId: models[0], reason: 'rolled back', actor: SYSTEM_AUTO_PROMOTION });
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await db.prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId, alias: 'challenger' } } })).toBeNull();
    expect(await db.prisma.auditLog.count({ where: { organizationId: orgId } })).toBe(before);
  });
});

describe('evaluatePromotionGate on stored versions', () => {
  it('loads the test metrics and the project goal, and refuses below the goal', async () => {
    const low = await loadGateContext(db.prisma, orgId, models[0]);
    expect(low).toMatchObject({ projectId, goal: { metric: 'accuracy', threshold: 0.9 } });
    const onlyGoal = PROMOTION_CHECKS.filter((c) => c.name === 'project-goal');
    const refused = await evaluatePromotionGate(db.prisma, low!, onlyGoal);
    expect(refused).toEqual({ ok: false, reasons: ['project-goal: test accuracy is 0.8, the project goal needs >= 0.9'] });
    const high = await loadGateContext(db.prisma, orgId, models[1]);
    expect((await evaluatePromotionGate(db.prisma, high!, onlyGoal)).ok).toBe(true);
    expect(await loadGateContext(db.prisma, otherOrgId, models[1])).toBeNull();
  });
});
