// Risks the platform raises itself (failed audits, drift, metric drops, satisfaction, budget overruns)
// follow one rule wherever they are raised, in the API or in a worker: one open risk per dedupe key
// in a project, created with a history row. This is that rule, once.
import { newId, type Prisma } from '@meridian/db';
import type { RiskDraft } from '@meridian/risk';

/** What raising needs of a draft (the API's own drafts carry no score/level: the table derives them). */
export type PlatformRiskInsert = Pick<RiskDraft, 'projectId' | 'modelVersionId' | 'title' | 'description' | 'category' | 'likelihood' | 'impact' | 'source' | 'evidence' | 'dedupeKey' | 'rationale'>;

/**
 * Inside the caller's transaction: creates the risk unless the project has an open one with the same
 * dedupe key (re-running a check, or a flood of feedback, raises it once). Returns the new id, or null.
 */
export async function insertPlatformRisk(tx: Prisma.TransactionClient, organizationId: string, d: PlatformRiskInsert): Promise<string | null> {
  // Two checks at once (the daily risks.check job in a worker and "Check now" in the API) would both
  // see no open risk and both insert: a transaction-scoped advisory lock on the key serialises them.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`platform-risk:${d.projectId}:${d.dedupeKey}`}, 0))`;
  const open = await tx.risk.findFirst({ where: { organizationId, projectId: d.projectId, dedupeKey: d.dedupeKey, status: { not: 'CLOSED' } }, select: { id: true } });
  if (open) return null;
  const id = newId();
  await tx.risk.create({
    data: {
      id,
      organizationId,
      projectId: d.projectId,
      title: d.title.slice(0, 200),
      description: `${d.description}\n\nRaised by the platform: ${d.rationale}`,
      category: d.category,
      likelihood: d.likelihood,
      impact: d.impact,
      source: d.source,
      dedupeKey: d.dedupeKey,
      evidence: { ...d.evidence },
      modelVersionId: d.modelVersionId,
    },
  });
  await tx.riskHistory.create({ data: { id: newId(), organizationId, riskId: id, fromStatus: null, toStatus: 'IDENTIFIED', note: 'Raised by the platform' } });
  return id;
}
