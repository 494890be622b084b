// The risk loop's two checks, once, for the API and the worker: budgets forecast to overrun (or already
// over) become FINANCIAL risks, satisfaction drops and floods of negative feedback become MARKET risks.
// Both read the database as it is, so running them again is harmless: each draft carries a dedupe key
// and insertPlatformRisk raises it only while the project has no open risk with that key.
import type { Prisma, PrismaClient } from '@meridian/db';
import type { CostCategory, Money, RiskCategory } from '@meridian/domain';
import { budgetReport, type Budget, type CostEntry } from '@meridian/finance';
import { riskFromBudgetAlert, type RiskDraft } from '@meridian/risk';
import { detectSatisfactionRisks, type FeedbackPoint, type RiskSignal } from '@meridian/satisfaction';
import { insertPlatformRisk } from '../platform-risks';
import { bookCurrencyOf } from '../processors/training/cost';

type Reader = PrismaClient | Prisma.TransactionClient;
const day = (d: Date) => d.toISOString().slice(0, 10);
const money = (minor: bigint, currency: string): Money => ({ minor: Number(minor), currency });

export type PlatformRiskDraft = Pick<RiskDraft, 'projectId' | 'modelVersionId' | 'title' | 'description' | 'likelihood' | 'impact' | 'source' | 'evidence' | 'dedupeKey' | 'rationale'> & { category: RiskCategory };

export interface RaisedRisk {
  id: string;
  projectId: string;
  title: string;
  dedupeKey: string;
}

/** Raises each draft in its own transaction (one failing draft leaves the others standing). */
export async function raisePlatformRisks(prisma: PrismaClient, organizationId: string, drafts: readonly PlatformRiskDraft[]): Promise<RaisedRisk[]> {
  const raised: RaisedRisk[] = [];
  for (const d of drafts) {
    const id = await prisma.$transaction((tx) => insertPlatformRisk(tx, organizationId, d));
    if (id) raised.push({ id, projectId: d.projectId, title: d.title, dedupeKey: d.dedupeKey });
  }
  return raised;
}

/**
 * The organisation's budgets and costs in its book currency (the oldest money row's, as finance
 * decides it): without exchange rates, rows in another currency are left out, as in every figure.
 */
async function budgetBook(db: Reader, organizationId: string): Promise<{ budgets: Budget[]; entries: CostEntry[] }> {
  const [budgets, costs, book] = await Promise.all([
    db.budget.findMany({ where: { organizationId }, orderBy: [{ periodStart: 'asc' }, { category: 'asc' }], include: { project: { select: { name: true } } } }),
    db.costEntry.findMany({ where: { organizationId }, orderBy: [{ date: 'asc' }, { id: 'asc' }] }),
    bookCurrencyOf(db, organizationId),
  ]);
  const currency = book ?? 'USD';
  return {
    budgets: budgets
      .filter((b) => b.currency === currency)
      .map((b) => ({ id: b.id, projectId: b.projectId, projectName: b.project.name, category: b.category as CostCategory, amount: money(b.amountMinor, b.currency), periodStart: day(b.periodStart), periodEnd: day(b.periodEnd) })),
    entries: costs
      .filter((c) => c.currency === currency)
      .map((c) => ({ id: c.id, projectId: c.projectId, date: day(c.date), category: c.category as CostCategory, amount: money(c.amountMinor, c.currency), description: c.description })),
  };
}

/** FINANCIAL risk drafts for the budgets forecast to overrun or already over on `asOf` (libs/finance + libs/risk rules). */
export async function budgetRiskDrafts(db: Reader, organizationId: string, asOf: string): Promise<PlatformRiskDraft[]> {
  const { budgets, entries } = await budgetBook(db, organizationId);
  return budgetReport(budgets, entries, { asOf })
    .flatMap((s) => s.alerts)
    .flatMap((a) => {
      const draft = riskFromBudgetAlert({ ...a, url: `/orgs/${organizationId}/costs` });
      return draft ? [draft] : [];
    });
}

/** A satisfaction signal (libs/satisfaction) as a MARKET risk: users turning away is a market risk. */
export function riskFromSatisfaction(projectId: string, s: RiskSignal, url: string | null): PlatformRiskDraft {
  const high = s.severity === 'HIGH';
  return {
    projectId,
    modelVersionId: null,
    title: s.kind === 'NPS_DROP' ? 'User satisfaction (NPS) dropped' : 'Share of negative user feedback is high',
    description: s.message,
    category: 'MARKET',
    likelihood: high ? 5 : 4,
    impact: high ? 4 : 3,
    source: 'METRIC_DROP',
    evidence: { kind: 'METRIC_DROP', id: s.dedupeKey, url, label: 'User feedback' },
    dedupeKey: s.dedupeKey,
    rationale: `${s.kind} ${s.value} against the threshold ${s.threshold} (${s.severity})`,
  };
}

export const satisfactionUrl = (organizationId: string, projectId: string) => `/orgs/${organizationId}/feedback?project=${projectId}`;

/** The satisfaction signals of a project on `asOf`: its feedback of the 40 days before (two 14-day windows and margin). */
export async function satisfactionSignals(db: Reader, organizationId: string, projectId: string, asOf: string): Promise<RiskSignal[]> {
  const rows = await db.feedback.findMany({
    where: { organizationId, projectId, createdAt: { gte: new Date(Date.parse(`${asOf}T00:00:00Z`) - 40 * 86_400_000) } },
    orderBy: { createdAt: 'desc' },
    take: 20_000,
    select: { createdAt: true, nps: true, csat: true, thumbs: true, comment: true, modelVersionId: true },
  });
  const points: FeedbackPoint[] = rows.map((f) => ({ createdAt: f.createdAt.toISOString(), nps: f.nps, csat: f.csat, thumbs: f.thumbs, comment: f.comment, modelVersionId: f.modelVersionId }));
  return detectSatisfactionRisks(points, { scope: projectId, asOf });
}

/** Reacts to a project's satisfaction signals beyond the register (the worker passes the retraining trigger engine). */
export type SignalsHandler = (organizationId: string, projectId: string, signals: RiskSignal[]) => Promise<unknown>;

export interface OrganisationRiskCheck {
  organizationId: string;
  asOf: string;
  projects: number;
  budgetRisks: RaisedRisk[];
  satisfactionRisks: RaisedRisk[];
  /** Projects whose satisfaction check failed, with the reason (the other projects were still checked). */
  failures: { projectId: string | null; error: string }[];
}

/**
 * Both checks over every project of one organisation, on `asOf` (default today, UTC). A failure in one
 * project is recorded and the others go on; nothing raised twice (dedupe keys).
 */
export async function checkOrganisationRisks(prisma: PrismaClient, organizationId: string, opts: { asOf?: string; onSignals?: SignalsHandler } = {}): Promise<OrganisationRiskCheck> {
  const asOf = opts.asOf ?? day(new Date());
  const out: OrganisationRiskCheck = { organizationId, asOf, projects: 0, budgetRisks: [], satisfactionRisks: [], failures: [] };
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  try {
    out.budgetRisks = await raisePlatformRisks(prisma, organizationId, await budgetRiskDrafts(prisma, organizationId, asOf));
  } catch (e) {
    out.failures.push({ projectId: null, error: `budgets: ${message(e)}` });
  }
  const projects = await prisma.project.findMany({ where: { organizationId }, select: { id: true }, orderBy: { id: 'asc' } });
  out.projects = projects.length;
  for (const p of projects) {
    try {
      const signals = await satisfactionSignals(prisma, organizationId, p.id, asOf);
      if (!signals.length) continue;
      out.satisfactionRisks.push(...(await raisePlatformRisks(prisma, organizationId, signals.map((s) => riskFromSatisfaction(p.id, s, satisfactionUrl(organizationId, p.id))))));
      if (opts.onSignals) await opts.onSignals(organizationId, p.id, signals);
    } catch (e) {
      out.failures.push({ projectId: p.id, error: message(e) });
    }
  }
  return out;
}
