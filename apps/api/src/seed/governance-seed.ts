// Demo data for the governance area of the demo startup: a few believable risks (one high, one
// with an overdue review), the EU AI Act tier of the credit-scoring project with its checklist,
// and one failing fairness audit of a synthetic lending dataset with a planted bias, whose fairness
// risk is raised the way the fairness.audit job raises it. Idempotent per part.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactStore } from '@meridian/artifacts';
import { applyPreprocessing, column, columnStrings, fitPreprocessing, readTable, takeRows, trainValTestSplit } from '@meridian/data-pipeline';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import type { FairnessReportOptions, RiskCategory, RiskResponse, RiskStatus } from '@meridian/domain';
import { columnsToCsv, fairnessReport, generateHiringDataset } from '@meridian/fairness';
import { inputSchemaOf, packFiles, recordFairnessOutcome, runModelAudit, specHashOf } from '@meridian/jobs';
import { complianceChecklistTemplate } from '@meridian/risk';
import { buildPresetSpec, evaluate, saveModelToBuffers, train } from '@meridian/training-engine';
import type { DatasetsService } from '../datasets/datasets.service';

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

/**
 * Rows of the demo predictions file: enough that group thresholds fitted on one half still narrow
 * the gap when measured on the other half, small intersectional groups included.
 */
const DEMO_PREDICTION_ROWS = 10_000;

/** The failing audit's predictions: the fairness library's hiring generator (bias 1.5 against women) with lending column names. */
export function demoLendingPredictions() {
  const c = generateHiringDataset({ rows: DEMO_PREDICTION_ROWS, bias: 1.5, seed: 2027 }).columns;
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
    await recordFairnessOutcome(prisma, row, report, DEMO_PREDICTION_ROWS);
    out.audit = true;
  }
  return out;
}

// ---- The demo model under audit ---------------------------------------------------------------
// A real model version of the Fair Lending Scorecard: loan applications whose historical "repaid"
// labels under-record good payers among women (the generator's label bias), uploaded through the
// datasets service (artifact store, profile job), a small MLP trained on them with the training
// engine, registered as model version v1, and audited by the same thread function the
// fairness.audit job runs (predict on every row, then the report). The audit fails, the gate
// refuses production, and the model card shows it.

export const DEMO_MODEL_DATASET = 'loan-applications';
export const DEMO_MODEL_AUDIT_OPTIONS: FairnessReportOptions = {
  audit: {
    label: 'repaid',
    prediction: 'model_prediction',
    score: 'model_score',
    sensitive: ['applicant_sex'],
    privileged: { applicant_sex: ['male'] },
    bootstrap: { reps: 100, seed: 11 },
  },
};

/** The applications: the hiring generator's qualification model, renamed for lending (label bias 0.4 against women). */
export function demoLoanApplicationsCsv(): string {
  const c = generateHiringDataset({ rows: 3000, bias: 0, labelBias: 0.4, seed: 2031 }).columns;
  return columnsToCsv({ applicant_sex: c.gender, ethnicity: c.ethnicity, years_employed: c.years_experience, credit_score: c.test_score, repaid: c.hired });
}

export async function seedGovernanceModel(
  datasets: DatasetsService,
  artifacts: ArtifactStore,
  prisma: PrismaClient,
  organizationId: string,
  log: (msg: string) => void = () => undefined,
): Promise<{ model: boolean }> {
  const project = await prisma.project.findFirst({ where: { organizationId, name: 'Fair Lending Scorecard' }, select: { id: true } });
  const owner = await prisma.membership.findFirst({ where: { organizationId, role: 'OWNER' }, orderBy: { createdAt: 'asc' }, select: { user: { select: { id: true, email: true, name: true } } } });
  if (!project || !owner) return { model: false };
  if (await prisma.dataset.findFirst({ where: { projectId: project.id, name: DEMO_MODEL_DATASET }, select: { id: true } })) return { model: false };

  const principal = { kind: 'user' as const, userId: owner.user.id, sessionId: 'demo-seed', email: owner.user.email, name: owner.user.name };
  const actor = { principal, requestId: 'demo-seed', ip: '' };
  const org = { organizationId, role: 'OWNER' as const, principal };
  const csv = demoLoanApplicationsCsv();
  const dataset = await datasets.create(actor, org, project.id, { name: DEMO_MODEL_DATASET, description: 'Loan applications 2019-2024 with the repayment outcome (synthetic, with a planted historical label bias against women).' });
  const { version } = await datasets.upload(actor, org, dataset.id, { fileName: 'loan-applications.csv', stream: Readable.from([Buffer.from(csv)]), truncated: () => false, fields: { targetColumn: 'repaid' } });
  await datasets.updateGovernance(actor, org, dataset.id, version.id, {
    source: 'PRIVATE',
    licence: 'Internal: synthetic demo data generated by Meridian',
    containsPersonalData: false,
    anonymised: true,
    legalBasis: 'Synthetic data: no natural person',
    retentionDays: 365,
  });

  const work = await mkdtemp(join(tmpdir(), 'meridian-demo-model-'));
  try {
    const datasetPath = join(work, 'loan-applications.csv');
    await writeFile(datasetPath, csv);
    // Training: the training.run thread's steps (split, preprocessing fitted on the training rows, preset, evaluation on the test rows).
    const table = await readTable(datasetPath);
    const labels = columnStrings(column(table, 'repaid')).map((v) => String(v));
    const split = trainValTestSplit(table.rowCount, { seed: 7, fractions: [0.8, 0.1, 0.1], stratify: labels });
    const prep = fitPreprocessing(takeRows(table, split.train), { label: 'repaid', numeric: 'standardize' });
    const [tr, te] = [split.train, split.test].map((idx) => applyPreprocessing(takeRows(table, idx), prep));
    const spec = { ...buildPresetSpec('mlp-classifier', { inputShape: prep.featureShape, numClasses: 2, rows: split.train.length }), epochs: 6 };
    const trained = await train({ spec, train: tr, epochs: 6, seed: 7 });
    const report = evaluate(trained.model, te);
    const files = await saveModelToBuffers(trained.model, { preprocessing: prep, metrics: report });
    trained.model.dispose();

    const runId = newId();
    const modelVersionId = newId();
    const modelKey = `runs/${runId}/model.pack`;
    await artifacts.put(modelKey, await packFiles(files));
    const finished = new Date();
    await prisma.$transaction(async (tx) => {
      await tx.trainingRun.create({
        data: {
          id: runId,
          organizationId,
          projectId: project.id,
          datasetVersionId: version.id,
          name: 'Scorecard MLP on loan applications',
          preset: 'mlp-classifier',
          labelColumn: 'repaid',
          seed: 7,
          epochs: 6,
          epochsDone: trained.epochsCompleted,
          status: 'SUCCEEDED',
          progress: 100,
          backendRequested: 'auto',
          tags: ['demo'],
          testMetrics: report as unknown as Prisma.InputJsonValue,
          startedAt: finished,
          finishedAt: finished,
          createdById: owner.user.id,
        },
      });
      const max = await tx.modelVersion.aggregate({ where: { projectId: project.id }, _max: { version: true } });
      await tx.modelVersion.create({
        data: {
          id: modelVersionId,
          organizationId,
          projectId: project.id,
          runId,
          datasetVersionId: version.id,
          version: (max._max.version ?? 0) + 1,
          specHash: specHashOf(spec),
          preprocessing: prep as unknown as Prisma.InputJsonValue,
          inputSchema: inputSchemaOf(prep) as unknown as Prisma.InputJsonValue,
          testMetrics: report as unknown as Prisma.InputJsonValue,
          artifactKey: modelKey,
        },
      });
      await tx.modelCardNotes.create({
        data: {
          modelVersionId,
          organizationId,
          intendedUse: 'Rank consumer loan applications for a credit officer, who makes the decision. Not for automatic rejection.',
          outOfScopeUse: 'Business loans, applicants under 18, any decision without a credit officer.',
          limitations: 'Trained on historical repayment labels that under-record good payers among women (see the failing audit); accuracy is measured on the same distribution only.',
          ethicalConsiderations: 'Credit scoring of natural persons is high-risk under the EU AI Act (Annex III 5(b)); a human reviews every decision.',
          updatedById: owner.user.id,
        },
      });
    });

    // The audit: the fairness.audit job's thread function, in-process, on the same dataset file.
    const out = await runModelAudit({ datasetPath, modelPack: await packFiles(files), preprocessing: prep, options: DEMO_MODEL_AUDIT_OPTIONS, version: 1 });
    if (!out.ok) throw new Error(`demo model audit failed to run: ${out.message}`);
    const audit = await prisma.fairnessAudit.create({
      data: {
        id: newId(),
        organizationId,
        projectId: project.id,
        modelVersionId,
        datasetVersionId: version.id,
        source: 'MODEL_VERSION',
        fileName: 'loan-applications.csv',
        fileSha256: createHash('sha256').update(csv).digest('hex'),
        fileBytes: Buffer.byteLength(csv),
        fileRows: out.rows,
        options: DEMO_MODEL_AUDIT_OPTIONS as unknown as Prisma.InputJsonValue,
        status: 'RUNNING',
        createdById: owner.user.id,
      },
    });
    await recordFairnessOutcome(prisma, audit, out.report, out.rows);
    log(`demo model version of Fair Lending Scorecard trained and audited: ${out.report.verdict}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { model: true };
}
