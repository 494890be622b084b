// The promotion gate: every check in PROMOTION_CHECKS runs before a model version becomes
// `production` — by a person through the API, or by the worker's auto-promotion after a
// challenger comparison. Both callers use evaluatePromotionGate, so the rule is one piece of code.
import type { Prisma, PrismaClient } from '@meridian/db';
import { PROMOTION_CHECKS } from './checks';

/** A client or the client of an open transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface GateContext {
  organizationId: string;
  projectId: string;
  modelVersionId: string;
  /** The model version's stored evaluation report (ModelVersion.testMetrics). */
  testMetrics: unknown;
  goal: { metric: string | null; threshold: number | null };
}

export interface GateResult {
  ok: boolean;
  /** Why it failed (or, when ok, what was checked). */
  reasons: string[];
}

/** One named rule of the gate. `run` may read the database (e.g. the latest fairness audit). */
export interface GateCheck {
  name: string;
  run(db: Db, ctx: GateContext): Promise<GateResult> | GateResult;
}

/** Runs every check (all of them, so the answer lists every reason at once) and combines them. */
export async function evaluatePromotionGate(db: Db, ctx: GateContext, checks?: readonly GateCheck[]): Promise<GateResult> {
  const list = checks ?? PROMOTION_CHECKS;
  const reasons: string[] = [];
  let ok = true;
  for (const c of list) {
    const r = await c.run(db, ctx);
    if (!r.ok) ok = false;
    reasons.push(...r.reasons.map((x) => `${c.name}: ${x}`));
  }
  return { ok, reasons };
}

/** The gate context of a stored model version (its test metrics and its project's goal), or null when it does not exist. */
export async function loadGateContext(db: Db, organizationId: string, modelVersionId: string): Promise<GateContext | null> {
  const m = await db.modelVersion.findFirst({
    where: { id: modelVersionId, organizationId },
    select: { id: true, projectId: true, testMetrics: true, project: { select: { goalMetric: true, goalThreshold: true } } },
  });
  if (!m) return null;
  return { organizationId, projectId: m.projectId, modelVersionId: m.id, testMetrics: m.testMetrics, goal: { metric: m.project.goalMetric, threshold: m.project.goalThreshold } };
}
