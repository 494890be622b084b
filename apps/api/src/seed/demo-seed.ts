// The demo startup a newcomer signs in to on first start. Idempotent: when the demo user exists,
// nothing is written, so later starts (and edits made in the demo) are left alone.
import { newId, type PrismaClient } from '@meridian/db';
import type { BusinessModel, ProjectStage, StartupMode } from '@meridian/domain';
import { hashPassword } from '../auth/password';

export const DEMO_EMAIL = 'demo@meridian.local';
export const DEMO_VIEWER_EMAIL = 'priya@meridian.local';
export const DEMO_ORG_NAME = 'Northwind AI';

interface DemoProject {
  name: string;
  description: string;
  stage: ProjectStage;
  startupMode: StartupMode;
  businessModel: BusinessModel;
  goal: { statement: string; metric: string | null; threshold: number | null; deadline: string | null };
}

export const DEMO_PROJECTS: DemoProject[] = [
  {
    name: 'Churn Radar',
    description: 'Flags mid-market SaaS accounts likely to cancel within 30 days so customer success can step in early.',
    stage: 'TRAINING',
    startupMode: 'APPLICATION',
    businessModel: 'SAAS',
    goal: { statement: 'Catch at least 80% of accounts that churn within 30 days, on the Q1 2027 hold-out, by the end of March 2027.', metric: 'recall', threshold: 0.8, deadline: '2027-03-31' },
  },
  {
    name: 'Invoice Reader',
    description: 'Extracts supplier, totals and line items from scanned invoices; sold per page through an API.',
    stage: 'DEPLOYMENT',
    startupMode: 'APPLICATION',
    businessModel: 'API_SUBSCRIPTION',
    // The goal names the metric its models report (the amount-field digit recogniser's test accuracy), so the promotion gate can judge them.
    goal: { statement: 'Read at least 95% of handwritten amount digits correctly on held-out scans, from every scanner model in use, before the June 2027 enterprise launch.', metric: 'accuracy', threshold: 0.95, deadline: '2027-06-30' },
  },
  {
    name: 'Retail Demand Embeddings',
    description: 'Research into product embeddings that transfer across retailers, licensed to partners as a data service.',
    stage: 'DATA',
    startupMode: 'RND',
    businessModel: 'DATA_SERVICES',
    goal: { statement: 'Improve next-week demand forecasts by 10% MAPE over the seasonal baseline on three partner datasets by September 2027.', metric: 'mape_improvement', threshold: 0.1, deadline: '2027-09-30' },
  },
  {
    name: 'Fair Lending Scorecard',
    description: 'A credit-scoring model platform for regional lenders, audited for group fairness before each release.',
    stage: 'EVALUATION',
    startupMode: 'PLATFORM',
    businessModel: 'PLATFORM_OPERATION',
    goal: { statement: 'Ship a scorecard with AUC of at least 0.78 and a demographic parity gap under 5 points, signed off by the pilot lender by May 2027.', metric: 'auc', threshold: 0.78, deadline: '2027-05-15' },
  },
];

export interface DemoSeedResult {
  created: boolean;
  organizationId: string;
  email: string;
}

export async function seedDemo(prisma: PrismaClient, password: string, logN = 15): Promise<DemoSeedResult> {
  const existing = await prisma.user.findUnique({ where: { email: DEMO_EMAIL }, select: { id: true, memberships: { select: { organizationId: true }, take: 1 } } });
  if (existing) return { created: false, organizationId: existing.memberships[0]?.organizationId ?? '', email: DEMO_EMAIL };

  const passwordHash = await hashPassword(password, logN);
  const ownerId = newId();
  const viewerId = newId();
  const orgId = newId();
  try {
    await prisma.$transaction(async (tx) => {
    await tx.user.create({ data: { id: ownerId, email: DEMO_EMAIL, name: 'Dana Whitfield', passwordHash } });
    const viewer = await tx.user.findUnique({ where: { email: DEMO_VIEWER_EMAIL }, select: { id: true } });
    const viewerUserId = viewer?.id ?? viewerId;
    if (!viewer) await tx.user.create({ data: { id: viewerId, email: DEMO_VIEWER_EMAIL, name: 'Priya Raman', passwordHash } });
    const taken = (await tx.organization.findMany({ where: { slug: { startsWith: 'northwind-ai' } }, select: { slug: true } })).map((o) => o.slug);
    const slug = taken.includes('northwind-ai') ? `northwind-ai-${taken.length + 1}` : 'northwind-ai';
    await tx.organization.create({ data: { id: orgId, name: DEMO_ORG_NAME, slug } });
    await tx.membership.createMany({
      data: [
        { id: newId(), organizationId: orgId, userId: ownerId, role: 'OWNER' },
        { id: newId(), organizationId: orgId, userId: viewerUserId, role: 'VIEWER' },
      ],
    });
    // Oldest first, so the list (newest first) shows them in the order above.
    const base = Date.now() - DEMO_PROJECTS.length * 60_000;
    for (const [i, p] of [...DEMO_PROJECTS].reverse().entries()) {
      const createdAt = new Date(base + i * 60_000);
      await tx.project.create({
        data: {
          id: newId(createdAt.getTime()),
          organizationId: orgId,
          name: p.name,
          description: p.description,
          stage: p.stage,
          startupMode: p.startupMode,
          businessModel: p.businessModel,
          goalStatement: p.goal.statement,
          goalMetric: p.goal.metric,
          goalThreshold: p.goal.threshold,
          goalDeadline: p.goal.deadline ? new Date(`${p.goal.deadline}T00:00:00.000Z`) : null,
          createdById: ownerId,
          createdAt,
        },
      });
    }
    await tx.auditLog.create({ data: { id: newId(), organizationId: orgId, actorUserId: ownerId, action: 'org.create', targetType: 'organization', targetId: orgId, metadata: { seed: 'demo' } } });
    });
  } catch (e) {
    // Another process seeded at the same moment: theirs stands.
    if ((e as { code?: unknown }).code === 'P2002') return { created: false, organizationId: '', email: DEMO_EMAIL };
    throw e;
  }
  return { created: true, organizationId: orgId, email: DEMO_EMAIL };
}
