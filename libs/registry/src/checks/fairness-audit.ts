// The fairness-audit checks of the promotion gate (issue 5). Evidence is only what the platform
// measured itself: audits that scored the model version (source MODEL_VERSION: the job predicted
// with the stored model on a dataset version of the project). An uploaded predictions file is a
// claim anyone can hand-make, so it never unblocks (nor blocks) a model. Per dataset version the
// newest finished audit counts, so a pass on other data does not hide a failure on this one:
// - a counted audit that FAILED blocks production unless an OWNER recorded an accepted exception
//   (with a justification) on it;
// - in a project whose EU AI Act tier is HIGH, every counted audit must have PASSED under the
//   project's current fairness policy (or be accepted), and there must be at least one;
// - an audit judged more loosely than the project's current fairness policy (a lower tau, higher
//   maximum differences, fewer parity metrics, a required sensitive column left out...) is not
//   evidence of a pass: it still blocks when it failed;
// - a project in the UNACCEPTABLE tier (a prohibited practice) deploys nothing.
// The rule is a pure function over the facts a few queries read.
import { DEFAULT_PROJECT_FAIRNESS_POLICY, ZProjectFairnessPolicySchema, appliedThresholdsOf, fairnessPolicyLoosenings, type ProjectFairnessPolicy } from '@meridian/domain';
import type { GateCheck, GateContext, GateResult, Db } from '../gate';

export interface FairnessGateAudit {
  id: string;
  verdict: 'PASS' | 'WARN' | 'FAIL';
  fileName: string;
  source: string;
  datasetVersionId?: string | null;
  completedAt: Date;
  /** The first FAIL (else WARN) reason's message, to say what the audit found. */
  firstReason: string | null;
  exception: { byId: string; byName: string | null; at: Date; justification: string } | null;
  /** Where its thresholds were looser than the project's current fairness policy (empty: at least as strict). */
  looser?: string[];
}

export interface FairnessGateFacts {
  organizationId: string;
  projectId: string;
  modelVersionId: string;
  version: number | null;
  aiActTier: 'UNACCEPTABLE' | 'HIGH' | 'LIMITED' | 'MINIMAL' | null;
  /** The newest SUCCEEDED MODEL_VERSION audit of this version on each dataset version, newest first (audits that errored are not evidence). */
  audits: FairnessGateAudit[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const auditUrl = (f: FairnessGateFacts, id: string) => `/orgs/${f.organizationId}/audits/${id}`;
const name = (f: FairnessGateFacts) => (f.version !== null ? `model version v${f.version}` : `model version ${f.modelVersionId}`);
const describe = (f: FairnessGateFacts, a: FairnessGateAudit) => `fairness audit ${a.id} (${a.source === 'MODEL_VERSION' ? 'predictions on ' : ''}${a.fileName}, ${day(a.completedAt)})`;
const auditPath = (f: FairnessGateFacts) => `POST /api/orgs/${f.organizationId}/projects/${f.projectId}/fairness-audits/model, or the Fairness audits page`;

/** The rule, as a pure function of the facts (tested on its own). */
export function fairnessGate(f: FairnessGateFacts): GateResult {
  if (f.aiActTier === 'UNACCEPTABLE') {
    return { ok: false, reasons: ['the project is in the EU AI Act tier UNACCEPTABLE (a prohibited practice): nothing of it may be deployed; change the use case and its tier first'] };
  }
  const high = f.aiActTier === 'HIGH';
  if (!f.audits.length) {
    return high
      ? {
          ok: false,
          reasons: [
            `the project is high-risk (EU AI Act tier HIGH) and ${name(f)} has no finished fairness audit of the model itself: audit this version on a dataset version (${auditPath(f)}) and promote it once the audit passes; uploaded predictions files do not count`,
          ],
        }
      : { ok: true, reasons: [`${name(f)} has no fairness audit of the model itself (not required: the project is not high-risk; uploaded predictions files do not count)`] };
  }
  const blocking: string[] = [];
  const passing: string[] = [];
  for (const a of f.audits) {
    const accepted = a.exception
      ? `accepted by ${a.exception.byName ?? a.exception.byId} on ${day(a.exception.at)}: "${a.exception.justification.length > 120 ? `${a.exception.justification.slice(0, 117)}...` : a.exception.justification}"`
      : null;
    const looser = a.looser ?? [];
    if (a.verdict === 'FAIL') {
      if (accepted) passing.push(`the latest ${describe(f, a)} failed, with an exception ${accepted}`);
      else
        blocking.push(
          `the latest ${describe(f, a)} of ${name(f)} FAILED${a.firstReason ? ` (${a.firstReason})` : ''}: mitigate and audit this version again until it passes, or have an owner record an accepted exception with a justification on ${auditUrl(f, a.id)}`,
        );
      continue;
    }
    if (accepted && a.verdict === 'WARN') {
      passing.push(`the latest ${describe(f, a)} warned, with an exception ${accepted}`);
      continue;
    }
    if (looser.length) {
      const why = `was judged more loosely than the project's current fairness policy (${looser.join('; ')})`;
      if (high) blocking.push(`the project is high-risk (EU AI Act tier HIGH) and the latest ${describe(f, a)} of ${name(f)} ${why}, so its ${a.verdict} is no evidence: audit this version again (${auditPath(f)})`);
      else passing.push(`the latest ${describe(f, a)} is ${a.verdict} but ${why}; it is not counted as a pass`);
      continue;
    }
    if (a.verdict === 'WARN' && high) {
      blocking.push(
        `the project is high-risk (EU AI Act tier HIGH) and needs a PASSED fairness audit, but the latest ${describe(f, a)} of ${name(f)} is WARN${a.firstReason ? ` (${a.firstReason})` : ''}: audit again until it passes, or have an owner record an accepted exception on ${auditUrl(f, a.id)}`,
      );
      continue;
    }
    passing.push(`the latest ${describe(f, a)} is ${a.verdict}`);
  }
  return blocking.length ? { ok: false, reasons: blocking } : { ok: true, reasons: passing };
}

interface StoredReason {
  severity?: string;
  message?: string;
}

/** The project's fairness policy (the standard policy when none was set). */
export async function loadProjectFairnessPolicy(db: Db, organizationId: string, projectId: string): Promise<ProjectFairnessPolicy & { stored: { updatedById: string | null; updatedAt: Date } | null }> {
  const row = await db.projectFairnessPolicy.findFirst({ where: { projectId, organizationId } });
  if (!row) return { ...DEFAULT_PROJECT_FAIRNESS_POLICY, stored: null };
  const parsed = ZProjectFairnessPolicySchema.safeParse({
    tau: row.tau,
    parityMetrics: row.parityMetrics,
    maxDemographicParityDifference: row.maxDemographicParityDifference,
    maxEqualizedOddsDifference: row.maxEqualizedOddsDifference,
    warnMargin: row.warnMargin,
    minGroupRows: row.minGroupRows,
    requiredSensitive: row.requiredSensitive,
  });
  // Rows are written only through the schema; one that no longer parses falls back to the standard policy rather than to none.
  return { ...(parsed.success ? parsed.data : DEFAULT_PROJECT_FAIRNESS_POLICY), stored: { updatedById: row.updatedById, updatedAt: row.updatedAt } };
}

/** Reads the facts the rule needs: the project's AI Act tier and policy, and the version's counted audits. */
export async function loadFairnessGateFacts(db: Db, ctx: Pick<GateContext, 'organizationId' | 'projectId' | 'modelVersionId'>): Promise<FairnessGateFacts> {
  const [gov, version, rows, policy] = await Promise.all([
    db.projectGovernance.findFirst({ where: { projectId: ctx.projectId, organizationId: ctx.organizationId }, select: { aiActTier: true } }),
    db.modelVersion.findFirst({ where: { id: ctx.modelVersionId, organizationId: ctx.organizationId }, select: { version: true } }),
    db.fairnessAudit.findMany({
      where: { organizationId: ctx.organizationId, projectId: ctx.projectId, modelVersionId: ctx.modelVersionId, source: 'MODEL_VERSION', status: 'SUCCEEDED', verdict: { not: null }, completedAt: { not: null } },
      orderBy: [{ completedAt: 'desc' }, { id: 'desc' }],
      select: { id: true, verdict: true, fileName: true, source: true, datasetVersionId: true, completedAt: true, reasons: true, options: true, exceptionById: true, exceptionAt: true, exceptionJustification: true },
    }),
    loadProjectFairnessPolicy(db, ctx.organizationId, ctx.projectId),
  ]);
  // The newest audit per dataset version (rows are newest first).
  const seen = new Set<string>();
  const latest = rows.filter((r) => {
    const key = r.datasetVersionId ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const people = [...new Set(latest.map((r) => r.exceptionById).filter((x): x is string => !!x))];
  const names = people.length ? new Map((await db.user.findMany({ where: { id: { in: people } }, select: { id: true, name: true } })).map((u) => [u.id, u.name])) : new Map<string, string>();
  const audits: FairnessGateAudit[] = [];
  for (const audit of latest) {
    if (!audit.verdict || !audit.completedAt) continue;
    const reasons = (Array.isArray(audit.reasons) ? audit.reasons : []) as StoredReason[];
    const first = reasons.find((r) => r.severity === 'FAIL') ?? reasons[0];
    const exception =
      audit.exceptionById && audit.exceptionAt && audit.exceptionJustification
        ? { byId: audit.exceptionById, byName: names.get(audit.exceptionById) ?? null, at: audit.exceptionAt, justification: audit.exceptionJustification }
        : null;
    const looser = fairnessPolicyLoosenings(appliedThresholdsOf(audit.options), policy).map((x) => `${x.path} ${x.message}`);
    audits.push({ id: audit.id, verdict: audit.verdict, fileName: audit.fileName, source: audit.source, datasetVersionId: audit.datasetVersionId, completedAt: audit.completedAt, firstReason: first?.message ?? null, exception, looser });
  }
  return { organizationId: ctx.organizationId, projectId: ctx.projectId, modelVersionId: ctx.modelVersionId, version: version?.version ?? null, aiActTier: gov?.aiActTier ?? null, audits };
}

export const fairnessAuditCheck: GateCheck = {
  name: 'fairness-audit',
  run: async (db, ctx) => fairnessGate(await loadFairnessGateFacts(db, ctx)),
};
