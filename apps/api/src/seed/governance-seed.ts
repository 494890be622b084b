// Demo data for the governance area of the demo startup: a few believable risks (one high, one
// with an overdue review), the EU AI Act tier of the credit-scoring project with its checklist,
// and one failing fairness audit of a synthetic lending dataset with a planted bias, whose fairness
// risk is raised the way the fairness.audit job raises it. Idempotent per part.
import { createHash } from 'node:crypto';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import type { FairnessReportOptions, RiskCategory, RiskResponse, RiskStatus } from '@meridian/domain';
import { columnsToCsv, fairnessReport, generateHiringDataset } from '@meridian/fairness';
import { recordFairnessOutcome } from '@meridian/jobs';
import { complianceChecklistTemplate } from '@meridian/risk';

const DAY = 86_400_000;
const day = (now: Date, offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset));

interface SeedRisk {
  project: string;
  title: string;
  description: string;
  category: RiskCategory;
  likelihood: number;
  impact: number;
  response: RiskResponse | null;
  status: RiskStatus;
  residual: [number, number] | null;
  reviewInDays: number | null;
  owner: 'founder' | 'viewer' | null;
}

const RISKS: SeedRisk[] = [
  {
    project: 'Invoice Reader',
    title: 'Personal data from scanned invoices reaches training logs',
    description: 'Supplier contact names, IBANs and addresses appear in OCR debug logs kept for 90 days; a breach would be reportable under GDPR Art. 33.',
    category: 'PRIVACY_SECURITY',
    likelihood: 3,
    impact: 5,
    response: 'MITIGATE',
    status: 'MITIGATING',
    residual: [1, 5],
    reviewInDays: 12,
    owner: 'founder',
  },
  {
    project: 'Churn Radar',
    title: 'Churn label changed by customer success mid-quarter',
    description: 'CS now marks downgrades as churn; models trained on the old definition will look worse on the new hold-out without being worse.',
    category: 'DATA_QUALITY',
    likelihood: 4,
    impact: 3,
    response: 'MITIGATE',
    status: 'ASSESSED',
    residual: [2, 3],
    reviewInDays: -9,
    owner: 'founder',
  },
  {
    project: 'Retail Demand Embeddings',
    title: 'Partner data licences forbid using their data to train shared embeddings',
    description: 'Two of three partner agreements are silent on derived models; one explicitly restricts use to forecasts for that partner.',
    category: 'LEGAL_IP',
    likelihood: 3,
    impact: 4,
    response: 'AVOID',
    status: 'IDENTIFIED',
    residual: null,
    reviewInDays: null,
    owner: null,
  },
  {
    project: 'Churn Radar',
    title: 'Spot GPU capacity disappears during the retraining window',
    description: 'Nightly retraining uses preemptible GPUs; two of the last ten nights lost capacity for over an hour.',
    category: 'COMPUTE',
    likelihood: 2,
    impact: 2,
    response: 'ACCEPT',
    status: 'MONITORING',
    residual: null,
    reviewInDays: 60,
    owner: 'viewer',
  },
];

/** The failing audit's predictions: the fairness library's hiring generator (bias 1.5 against women) with lending column names. */
export function demoLendingPredictions() {
  const c = generateHiringDataset({ rows: 4000, bias: 1.5, seed: 2027 }).columns;
  return { applicant_sex: c.gender, ethnicity: c.ethnicity, repaid: c.hired, approved: c.predicted, score: c.score };
}
export const DEMO_AUDIT_OPTIONS: FairnessReportOptions = {
  audit: { label: 'repaid', prediction: 'approved', score: 'score', sensitive: ['applicant_sex', 'ethnicity'], privileged: { applicant_sex: ['male'] }, bootstrap: { reps: 200, seed: 7 } },
};

export async function seedGovernance(prisma: PrismaClient, organizationId: string, now = new Date()): Promise<{ risks: boolean; tier: boolean; audit: boolean }> {
  const out = { risks: false, tier: false, audit: false };
  const projects = await prisma.project.findMany({ where: { organizationId }, select: { id: true, name: true } });
  const byName = new Map(projects.map((p) => [p.name, p.id]));
  const members = await prisma.membership.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' }, select: { userId: true, role: true } });
  const founder = members.find((m) => m.role === 'OWNER')?.userId ?? null;
  const viewer = members.find((m) => m.role === 'VIEWER')?.userId ?? founder;
  const lending = byName.get('Fair Lending Scorecard');

  if ((await prisma.risk.count({ where: { organizationId, source: 'MANUAL' } })) === 0) {
    await prisma.$transaction(async (tx) => {
      for (const r of RISKS) {
        const projectId = byName.get(r.project);
        if (!projectId) continue;
        const id = newId();
        const ownerId = r.owner === 'founder' ? founder : r.owner === 'viewer' ? viewer : null;
        await tx.risk.create({
          data: {
            id,
            organizationId,
            projectId,
            title: r.title,
            description: r.description,
            category: r.category,
            likelihood: r.likelihood,
            impact: r.impact,
            response: r.response,
            ownerId,
            status: r.status,
            residualLikelihood: r.residual?.[0] ?? null,
            residualImpact: r.residual?.[1] ?? null,
            reviewDate: r.reviewInDays === null ? null : day(now, r.reviewInDays),
            createdById: founder,
            createdAt: new Date(now.getTime() - 40 * DAY),
          },
        });
        // The path the workflow would have taken to reach the seeded status.
        const path: RiskStatus[] = { IDENTIFIED: [], ASSESSED: ['ASSESSED'], MITIGATING: ['ASSESSED', 'MITIGATING'], MONITORING: ['ASSESSED', 'MONITORING'], CLOSED: ['CLOSED'] }[r.status] as RiskStatus[];
        let from: RiskStatus | null = null;
        const steps: RiskStatus[] = ['IDENTIFIED', ...path];
        for (let i = 0; i < steps.length; i++) {
          await tx.riskHistory.create({
            data: { id: newId(), organizationId, riskId: id, fromStatus: from, toStatus: steps[i], actorId: founder, note: i === 0 ? 'created' : '', createdAt: new Date(now.getTime() - (40 - 7 * i) * DAY) },
          });
          from = steps[i];
        }
      }
    });
    out.risks = true;
  }

  if (lending && !(await prisma.projectGovernance.findUnique({ where: { projectId: lending } }))) {
    const items = complianceChecklistTemplate({ aiActTier: 'HIGH' });
    await prisma.$transaction(async (tx) => {
      await tx.projectGovernance.create({ data: { projectId: lending, organizationId, aiActTier: 'HIGH', aiActRationale: 'Annex III 5(b): evaluates the creditworthiness of natural persons.', updatedById: founder } });
      await tx.complianceItem.createMany({
        data: items.map((t, i) => ({
          id: newId(),
          organizationId,
          projectId: lending,
          itemId: t.id,
          framework: t.framework,
          reference: t.reference,
          title: t.title,
          description: t.description,
          // A project part-way through: the first two items done with evidence, the third started.
          status: i < 2 ? 'DONE' : i === 2 ? 'IN_PROGRESS' : 'NOT_STARTED',
          ownerId: i < 3 ? founder : null,
          evidence: (i < 2 ? [{ label: `${t.reference} evidence`, url: `https://docs.northwind.example/compliance/${t.id}` }] : []) as Prisma.InputJsonValue,
          dueDate: i === 2 ? day(now, 21) : null,
        })),
        skipDuplicates: true,
      });
    });
    out.tier = true;
  }

  if (lending && (await prisma.fairnessAudit.count({ where: { organizationId, projectId: lending } })) === 0) {
    const columns = demoLendingPredictions();
    const bytes = Buffer.from(columnsToCsv(columns), 'utf8');
    const report = fairnessReport(columns, DEMO_AUDIT_OPTIONS);
    const id = newId();
    const row = await prisma.fairnessAudit.create({
      data: {
        id,
        organizationId,
        projectId: lending,
        fileName: 'scorecard-v3-holdout-predictions.csv',
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
        fileBytes: bytes.byteLength,
        options: DEMO_AUDIT_OPTIONS as unknown as Prisma.InputJsonValue,
        status: 'RUNNING',
        createdById: founder,
      },
    });
    await recordFairnessOutcome(prisma, row, report, 4000);
    out.audit = true;
  }
  return out;
}
