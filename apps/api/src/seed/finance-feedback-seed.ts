// Demo data for costs, funding, runway and user satisfaction of the demo startup. Idempotent per
// area: finance is seeded when the organisation has no funding round, feedback when it has no
// feedback, so restarts (and edits made in the demo) are left alone. Dates are relative to today so
// the demo always shows ~6 months of history, a ~14-month runway and 10 weeks of feedback.
import { createHash, randomBytes } from 'node:crypto';
import { newId, type PrismaClient } from '@meridian/db';
import type { CostCategory } from '@meridian/domain';
import { budgetRiskDrafts, raisePlatformRisks } from '@meridian/jobs';

const DAY = 86_400_000;

/** Deterministic pseudo-random numbers so every demo looks the same. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const utcDay = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

export async function seedFinanceAndFeedback(prisma: PrismaClient, organizationId: string, now = new Date()): Promise<{ finance: boolean; feedback: boolean }> {
  const projects = await prisma.project.findMany({ where: { organizationId }, select: { id: true, name: true } });
  const byName = (n: string) => projects.find((p) => p.name === n)?.id ?? projects[0]?.id ?? null;
  if (projects.length === 0) return { finance: false, feedback: false };
  const churn = byName('Churn Radar')!;
  const invoice = byName('Invoice Reader')!;
  const retail = byName('Retail Demand Embeddings')!;
  const result = { finance: false, feedback: false };

  if ((await prisma.fundingRound.count({ where: { organizationId } })) === 0) {
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth();
    const r = rng(42);
    const cur = 'USD';
    const start = utcDay(y, m - 6, 1);
    const periodEnd = utcDay(y, m + 6, 0);
    await prisma.$transaction(async (tx) => {
      await tx.fundingRound.createMany({
        data: [
          { id: newId(), organizationId, type: 'ANGEL', amountMinor: 35_000_000n, currency: cur, date: utcDay(y, m - 10, 14), investor: 'Harbor Angels' },
          { id: newId(), organizationId, type: 'SEED', amountMinor: 270_000_000n, currency: cur, date: utcDay(y, m - 7, 3), investor: 'Lighthouse Ventures (lead), Tidewater Capital' },
        ],
      });
      await tx.revenueStream.createMany({
        data: [
          { id: newId(), organizationId, name: 'Invoice Reader API (per page)', model: 'API_SUBSCRIPTION', monthlyAmountMinor: 1_400_000n, currency: cur, startMonth: monthKey(utcDay(y, m - 5, 1)), monthlyGrowthBps: 800 },
          { id: newId(), organizationId, name: 'Churn Radar seats', model: 'SAAS', monthlyAmountMinor: 900_000n, currency: cur, startMonth: monthKey(utcDay(y, m - 5, 1)), monthlyGrowthBps: 600 },
          { id: newId(), organizationId, name: 'Retail embeddings licence', model: 'DATA_SERVICES', monthlyAmountMinor: 400_000n, currency: cur, startMonth: monthKey(utcDay(y, m - 3, 1)), monthlyGrowthBps: 0 },
        ],
      });
      await tx.budget.createMany({
        data: [
          { id: newId(), organizationId, projectId: churn, category: 'COMPUTE', amountMinor: 10_000_000n, currency: cur, periodStart: start, periodEnd },
          { id: newId(), organizationId, projectId: invoice, category: 'COMPUTE', amountMinor: 9_000_000n, currency: cur, periodStart: start, periodEnd },
          { id: newId(), organizationId, projectId: invoice, category: 'DATA', amountMinor: 9_000_000n, currency: cur, periodStart: start, periodEnd },
          { id: newId(), organizationId, projectId: churn, category: 'MARKETING', amountMinor: 18_000_000n, currency: cur, periodStart: start, periodEnd },
          { id: newId(), organizationId, projectId: churn, category: 'PEOPLE', amountMinor: 90_000_000n, currency: cur, periodStart: start, periodEnd },
        ],
      });
      // Month by month: payroll on the 28th, compute weekly, the rest monthly, with some noise.
      const rows: { projectId: string | null; date: Date; category: CostCategory; amountMinor: bigint; description: string; source: 'MANUAL' | 'CSV' | 'COMPUTE' }[] = [];
      const jitter = (v: number) => BigInt(Math.round(v * (0.92 + r() * 0.16)));
      for (let k = 6; k >= 0; k--) {
        const first = utcDay(y, m - k, 1);
        const last = utcDay(y, m - k + 1, 0);
        const add = (day: number, projectId: string | null, category: CostCategory, dollars: number, description: string, source: 'MANUAL' | 'CSV' | 'COMPUTE' = 'MANUAL') => {
          const date = utcDay(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last.getUTCDate()));
          if (date.getTime() > now.getTime()) return;
          rows.push({ projectId, date, category, amountMinor: jitter(dollars * 100), description, source });
        };
        const ramp = 1 + (6 - k) * 0.06;
        add(28, churn, 'PEOPLE', 52_000, 'Payroll: ML team (4)', 'CSV');
        add(28, invoice, 'PEOPLE', 41_000, 'Payroll: product and engineering (3)', 'CSV');
        add(28, null, 'PEOPLE', 27_000, 'Payroll: founders and operations (2)', 'CSV');
        for (const d of [7, 14, 21, 28]) {
          add(d, churn, 'COMPUTE', 2_300 * ramp, 'GPU training runs (weekly)', 'COMPUTE');
          add(d, invoice, 'COMPUTE', 1_500 * ramp, 'OCR inference cluster (weekly)', 'COMPUTE');
        }
        add(5, invoice, 'DATA', 8_600, 'Invoice labelling batch');
        add(12, retail, 'DATA', 1_200, 'Partner data transfer');
        add(3, null, 'TOOLS', 3_900, 'SaaS tools: GitHub, Linear, Notion, Slack');
        add(3, churn, 'TOOLS', 1_900, 'Experiment tracking licence');
        add(10, churn, 'MARKETING', 13_500, 'Paid search and webinar sponsorship');
        add(1, null, 'OPERATIONS', 8_200, 'Office rent and utilities');
        add(15, null, 'OPERATIONS', 2_700, 'Accounting and insurance');
        add(20, null, 'LEGAL', 3_600, 'Counsel retainer (contracts, DPAs)');
      }
      await tx.costEntry.createMany({ data: rows.map((row) => ({ id: newId(), organizationId, currency: cur, ...row })) });
    });
    result.finance = true;
    // The register gets the FINANCIAL risks these books deserve from the platform's own budget check
    // (the rule the daily risks.check job and every cost write run), not from a hand-written row.
    await raisePlatformRisks(prisma, organizationId, await budgetRiskDrafts(prisma, organizationId, now.toISOString().slice(0, 10)));
  }

  if ((await prisma.feedback.count({ where: { organizationId } })) === 0) {
    // The feedback names the Invoice Reader version that served it: the production model
    // (invoice-models-seed.ts runs first); none when the demo has no model (no datasets/ folder).
    const served = (await prisma.modelAlias.findUnique({ where: { projectId_alias: { projectId: invoice, alias: 'production' } }, select: { modelVersionId: true } }))?.modelVersionId ?? null;
    const r = rng(7);
    const key = `mfk_${'demo' + randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`.slice(0, 4 + 12 + 1 + 43);
    const prefix = key.slice(4, 16);
    await prisma.$transaction(async (tx) => {
      const keyId = newId();
      await tx.feedbackKey.create({ data: { id: keyId, organizationId, projectId: invoice, name: 'Customer portal widget', prefix, keyHash: createHash('sha256').update(key).digest('hex') } });
      const surveyId = newId();
      await tx.survey.createMany({
        data: [
          { id: surveyId, organizationId, projectId: invoice, name: 'After an extraction', kind: 'NPS', question: 'How likely are you to recommend Invoice Reader to a colleague?', active: true },
          { id: newId(), organizationId, projectId: invoice, name: 'Field correction', kind: 'THUMBS', question: 'Was this field extracted correctly?', active: true },
          { id: newId(), organizationId, projectId: churn, name: 'Quarterly CSAT', kind: 'CSAT', question: 'How satisfied are you with Churn Radar alerts?', active: true },
        ],
      });
      const good = [
        'Line items are finally accurate, great job',
        'Fast and accurate, saves our AP team hours',
        'Love the new supplier matching',
        'Really easy API, the docs are clear',
        'Totals are always right now',
        'Great accuracy on scanned invoices',
        'Smooth integration with our ERP',
      ];
      const bad = [
        'Line items are wrong on multi-page invoices',
        'Too slow, extraction takes over a minute',
        'Handwritten totals are not accurate',
        'The API timeout errors are frustrating',
        'VAT amounts often missing',
        'Supplier names wrong for scanned PDFs',
        'Confusing error messages in the API',
      ];
      const neutral = ['We mostly use it for supplier invoices', 'Would like CSV export of line items', 'Please support Polish invoices'];
      const rows = [];
      const start = now.getTime() - 70 * DAY;
      for (let i = 0; i < 204; i++) {
        const t = start + (i / 204) * 70 * DAY + r() * 6 * 3_600_000;
        const week = Math.floor((t - start) / (7 * DAY));
        const v2 = week >= 5;
        // NPS climbs after the week-5 release of the portal (line-item editing): more promoters, fewer detractors.
        const pPromoter = v2 ? 0.42 + week * 0.03 : 0.25 + week * 0.01;
        const pDetractor = v2 ? 0.24 - week * 0.015 : 0.38 - week * 0.005;
        const u = r();
        const nps = u < pPromoter ? 9 + Math.floor(r() * 2) : u < pPromoter + pDetractor ? Math.floor(r() * 7) : 7 + Math.floor(r() * 2);
        const csat = nps >= 9 ? 4 + Math.floor(r() * 2) : nps >= 7 ? 3 + Math.floor(r() * 2) : 1 + Math.floor(r() * 3);
        const pool = nps >= 9 ? good : nps <= 6 ? bad : neutral;
        const comment = r() < 0.55 ? pool[Math.floor(r() * pool.length)] : '';
        rows.push({
          id: newId(t),
          organizationId,
          projectId: invoice,
          keyId,
          surveyId: r() < 0.6 ? surveyId : null,
          nps,
          csat: r() < 0.7 ? csat : null,
          thumbs: r() < 0.3 ? nps >= 7 : null,
          comment,
          modelVersionId: served,
          predictionId: r() < 0.5 ? `pred_${Math.floor(r() * 1e9).toString(36)}` : null,
          createdAt: new Date(t),
        });
      }
      await tx.feedback.createMany({ data: rows });
    });
    result.feedback = true;
  }
  return result;
}
