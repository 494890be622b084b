// The fairness-audit checks of the promotion gate (issue 5): a model version whose latest finished
// fairness audit FAILED does not reach production unless an OWNER recorded an accepted exception
// (with a justification) on that audit; in a project whose EU AI Act tier is HIGH, a PASSED (or
// accepted) audit of that very version is required; a project in the UNACCEPTABLE tier (a
// prohibited practice) deploys nothing. The rule is a pure function over the facts one query reads.
import type { GateCheck, GateContext, GateResult, Db } from '../gate';

export interface FairnessGateAudit {
  id: string;
  verdict: 'PASS' | 'WARN' | 'FAIL';
  fileName: string;
  source: string;
  completedAt: Date;
  /** The first FAIL (else WARN) reason's message, to say what the audit found. */
  firstReason: string | null;
  exception: { byId: string; byName: string | null; at: Date; justification: string } | null;
}

export interface FairnessGateFacts {
  organizationId: string;
  projectId: string;
  modelVersionId: string;
  version: number | null;
  aiActTier: 'UNACCEPTABLE' | 'HIGH' | 'LIMITED' | 'MINIMAL' | null;
  /** The newest SUCCEEDED audit of this model version (audits that errored are not evidence). */
  latest: FairnessGateAudit | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const auditUrl = (f: FairnessGateFacts, id: string) => `/orgs/${f.organizationId}/audits/${id}`;
const name = (f: FairnessGateFacts) => (f.version !== null ? `model version v${f.version}` : `model version ${f.modelVersionId}`);
const describe = (f: FairnessGateFacts, a: FairnessGateAudit) => `fairness audit ${a.id} (${a.source === 'MODEL_VERSION' ? 'predictions on ' : ''}${a.fileName}, ${day(a.completedAt)})`;

/** The rule, as a pure function of the facts (tested on its own). */
export function fairnessGate(f: FairnessGateFacts): GateResult {
  const a = f.latest;
  if (f.aiActTier === 'UNACCEPTABLE') {
    return { ok: false, reasons: ['the project is in the EU AI Act tier UNACCEPTABLE (a prohibited practice): nothing of it may be deployed; change the use case and its tier first'] };
  }
  const high = f.aiActTier === 'HIGH';
  if (!a) {
    return high
      ? {
          ok: false,
          reasons: [
            `the project is high-risk (EU AI Act tier HIGH) and ${name(f)} has no finished fairness audit: audit this version on a dataset version (POST /api/orgs/${f.organizationId}/projects/${f.projectId}/fairness-audits/model, or the Fairness audits page) and promote it once the audit passes`,
          ],
        }
      : { ok: true, reasons: [`${name(f)} has no fairness audit (not required: the project is not high-risk)`] };
  }
  const accepted = a.exception
    ? `accepted by ${a.exception.byName ?? a.exception.byId} on ${day(a.exception.at)}: "${a.exception.justification.length > 120 ? `${a.exception.justification.slice(0, 117)}...` : a.exception.justification}"`
    : null;
  if (a.verdict === 'FAIL') {
    if (accepted) return { ok: true, reasons: [`the latest ${describe(f, a)} failed, with an exception ${accepted}`] };
    return {
      ok: false,
      reasons: [
        `the latest ${describe(f, a)} of ${name(f)} FAILED${a.firstReason ? ` (${a.firstReason})` : ''}: mitigate and audit this version again until it passes, or have an owner record an accepted exception with a justification on ${auditUrl(f, a.id)}`,
      ],
    };
  }
  if (a.verdict === 'WARN' && high) {
    if (accepted) return { ok: true, reasons: [`the latest ${describe(f, a)} warned, with an exception ${accepted}`] };
    return {
      ok: false,
      reasons: [
        `the project is high-risk (EU AI Act tier HIGH) and needs a PASSED fairness audit, but the latest ${describe(f, a)} of ${name(f)} is WARN${a.firstReason ? ` (${a.firstReason})` : ''}: audit again until it passes, or have an owner record an accepted exception on ${auditUrl(f, a.id)}`,
      ],
    };
  }
  return { ok: true, reasons: [`the latest ${describe(f, a)} is ${a.verdict}`] };
}

interface StoredReason {
  severity?: string;
  message?: string;
}

/** Reads the facts the rule needs: the project's AI Act tier and the version's newest finished audit. */
export async function loadFairnessGateFacts(db: Db, ctx: Pick<GateContext, 'organizationId' | 'projectId' | 'modelVersionId'>): Promise<FairnessGateFacts> {
  const [gov, version, audit] = await Promise.all([
    db.projectGovernance.findFirst({ where: { projectId: ctx.projectId, organizationId: ctx.organizationId }, select: { aiActTier: true } }),
    db.modelVersion.findFirst({ where: { id: ctx.modelVersionId, organizationId: ctx.organizationId }, select: { version: true } }),
    db.fairnessAudit.findFirst({
      where: { organizationId: ctx.organizationId, projectId: ctx.projectId, modelVersionId: ctx.modelVersionId, status: 'SUCCEEDED', verdict: { not: null }, completedAt: { not: null } },
      orderBy: [{ completedAt: 'desc' }, { id: 'desc' }],
      select: { id: true, verdict: true, fileName: true, source: true, completedAt: true, reasons: true, exceptionById: true, exceptionAt: true, exceptionJustification: true },
    }),
  ]);
  let latest: FairnessGateAudit | null = null;
  if (audit?.verdict && audit.completedAt) {
    const reasons = (Array.isArray(audit.reasons) ? audit.reasons : []) as StoredReason[];
    const first = reasons.find((r) => r.severity === 'FAIL') ?? reasons[0];
    let exception: FairnessGateAudit['exception'] = null;
    if (audit.exceptionById && audit.exceptionAt && audit.exceptionJustification) {
      const who = await db.user.findFirst({ where: { id: audit.exceptionById }, select: { name: true } });
      exception = { byId: audit.exceptionById, byName: who?.name ?? null, at: audit.exceptionAt, justification: audit.exceptionJustification };
    }
    latest = { id: audit.id, verdict: audit.verdict, fileName: audit.fileName, source: audit.source, completedAt: audit.completedAt, firstReason: first?.message ?? null, exception };
  }
  return { organizationId: ctx.organizationId, projectId: ctx.projectId, modelVersionId: ctx.modelVersionId, version: version?.version ?? null, aiActTier: gov?.aiActTier ?? null, latest };
}

export const fairnessAuditCheck: GateCheck = {
  name: 'fairness-audit',
  run: async (db, ctx) => fairnessGate(await loadFairnessGateFacts(db, ctx)),
};
