// Demo data for the team and progress pages of the seeded startup: eight people (one over 100 %),
// an open role with candidates at every stage plus a filled one, a review period, milestones (one
// at risk, one fed by Invoice Reader's model versions) and a dozen Churn Radar tasks whose dependencies make one clear critical path.
// Idempotent: an organisation that already has team members is left alone.
import { newId, type CandidateStage, type PrismaClient, type TaskStatus } from '@meridian/db';
import { DEMO_EMAIL, DEMO_VIEWER_EMAIL } from './demo-seed';

const DAY = 86_400_000;

/** A calendar day `offset` days from `now`, at midnight UTC. */
function dayAt(now: Date, offset: number): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(d.getTime() + offset * DAY);
}

interface Person {
  key: string;
  name: string;
  email: string;
  role: string;
  title: string;
  skills: [string, number][];
  alloc: [project: string, percent: number][];
}

const PEOPLE: Person[] = [
  { key: 'dana', name: 'Dana Whitfield', email: DEMO_EMAIL, role: 'PROJECT_MANAGER', title: 'CEO and co-founder', skills: [['Roadmapping', 5], ['Fundraising', 4], ['Python', 2]], alloc: [['Churn Radar', 30], ['Invoice Reader', 30], ['Fair Lending Scorecard', 20]] },
  { key: 'marcus', name: 'Marcus Chen', email: 'marcus@northwind.example', role: 'ML_ENGINEER', title: 'Lead ML engineer', skills: [['PyTorch', 5], ['Gradient boosting', 5], ['Kubernetes', 3]], alloc: [['Churn Radar', 60], ['Invoice Reader', 40], ['Fair Lending Scorecard', 30]] },
  { key: 'sofia', name: 'Sofia Alvarez', email: 'sofia@northwind.example', role: 'DATA_SCIENTIST', title: 'Data scientist (NLP)', skills: [['Statistics', 5], ['NLP', 4], ['SQL', 4]], alloc: [['Churn Radar', 50], ['Retail Demand Embeddings', 50]] },
  { key: 'priya', name: 'Priya Raman', email: DEMO_VIEWER_EMAIL, role: 'BUSINESS_ANALYST', title: 'Business analyst', skills: [['Credit risk', 4], ['SQL', 4], ['Stakeholder interviews', 5]], alloc: [['Fair Lending Scorecard', 60], ['Churn Radar', 20]] },
  { key: 'tomas', name: 'Tomás Novak', email: 'tomas@northwind.example', role: 'BACKEND', title: 'Backend engineer', skills: [['TypeScript', 5], ['PostgreSQL', 4], ['Data pipelines', 4]], alloc: [['Invoice Reader', 70], ['Churn Radar', 20]] },
  { key: 'hannah', name: 'Hannah Okafor', email: 'hannah@northwind.example', role: 'FRONTEND', title: 'Frontend engineer', skills: [['React', 5], ['Accessibility', 4], ['Data visualisation', 3]], alloc: [['Invoice Reader', 50], ['Churn Radar', 30]] },
  { key: 'lars', name: 'Lars Eriksen', email: 'lars@northwind.example', role: 'COMPLIANCE', title: 'Compliance and risk', skills: [['EU AI Act', 4], ['GDPR', 5], ['Model auditing', 3]], alloc: [['Fair Lending Scorecard', 50]] },
  { key: 'amara', name: 'Amara Diallo', email: 'amara@northwind.example', role: 'PRODUCT_MANAGER', title: 'Product manager', skills: [['Customer discovery', 5], ['Pricing', 3], ['SQL', 2]], alloc: [['Invoice Reader', 40], ['Churn Radar', 40]] },
];

interface DemoTask {
  key: string;
  title: string;
  estimate: number;
  status: TaskStatus;
  who: string;
  deps: string[];
  /** Days before today the task was created and (when DONE) finished. */
  created: number;
  done?: number;
}

// Critical path: label → usage pipeline → features → model → evaluation → pilot → go/no-go (28 working days).
const TASKS: DemoTask[] = [
  { key: 'label', title: 'Define the churn label and cohorts', estimate: 2, status: 'DONE', who: 'amara', deps: [], created: 21, done: 19 },
  { key: 'crm', title: 'Extract CRM and billing history', estimate: 3, status: 'DONE', who: 'tomas', deps: ['label'], created: 21, done: 15 },
  { key: 'usage', title: 'Build the product-usage event pipeline', estimate: 6, status: 'DONE', who: 'tomas', deps: ['label'], created: 21, done: 10 },
  { key: 'quality', title: 'Data quality and leakage review', estimate: 2, status: 'DONE', who: 'sofia', deps: ['crm'], created: 20, done: 12 },
  { key: 'features', title: 'Feature engineering: usage trends and support tickets', estimate: 5, status: 'IN_PROGRESS', who: 'sofia', deps: ['usage', 'quality'], created: 18 },
  { key: 'baseline', title: 'Baseline logistic regression', estimate: 2, status: 'DONE', who: 'marcus', deps: ['quality'], created: 16, done: 8 },
  { key: 'model', title: 'Train and tune the gradient-boosted model', estimate: 6, status: 'TODO', who: 'marcus', deps: ['features', 'baseline'], created: 16 },
  { key: 'mockups', title: 'Customer-success dashboard mock-ups', estimate: 3, status: 'IN_PROGRESS', who: 'hannah', deps: ['label'], created: 14 },
  { key: 'evaluate', title: 'Evaluate on the Q1 hold-out and calibrate', estimate: 3, status: 'TODO', who: 'marcus', deps: ['model'], created: 14 },
  { key: 'crm-alerts', title: 'CRM integration: at-risk alerts in Salesforce', estimate: 5, status: 'BLOCKED', who: 'tomas', deps: ['mockups'], created: 12 },
  { key: 'pilot', title: 'Pilot with three customer-success managers', estimate: 5, status: 'BACKLOG', who: 'amara', deps: ['evaluate', 'crm-alerts'], created: 10 },
  { key: 'gonogo', title: 'Go/no-go review with the leadership team', estimate: 1, status: 'BACKLOG', who: 'dana', deps: ['pilot'], created: 10 },
];

export async function seedTeamProgress(prisma: PrismaClient, organizationId: string, now = new Date()): Promise<{ created: boolean }> {
  if (!organizationId) return { created: false };
  if ((await prisma.teamMember.count({ where: { organizationId } })) > 0) return { created: false };
  const projects = new Map((await prisma.project.findMany({ where: { organizationId }, select: { id: true, name: true } })).map((p) => [p.name, p.id]));
  const users = new Map((await prisma.user.findMany({ where: { email: { in: [DEMO_EMAIL, DEMO_VIEWER_EMAIL] }, memberships: { some: { organizationId } } }, select: { id: true, email: true } })).map((u) => [u.email, u.id]));
  const d = (offset: number) => dayAt(now, offset);

  try {
    await prisma.$transaction(async (tx) => {
      await tx.teamCustomRole.create({ data: { id: newId(), organizationId, key: 'MLOPS', label: 'MLOps engineer' } });
      const ids = new Map<string, string>();
      for (const p of PEOPLE) {
        const id = newId();
        ids.set(p.key, id);
        await tx.teamMember.create({ data: { id, organizationId, userId: users.get(p.email) ?? null, name: p.name, email: p.email, role: p.role, title: p.title } });
        await tx.teamSkill.createMany({ data: p.skills.map(([name, level]) => ({ id: newId(), memberId: id, name, level })) });
        const allocs = p.alloc.filter(([name]) => projects.has(name));
        await tx.teamAllocation.createMany({ data: allocs.map(([name, percent]) => ({ id: newId(), organizationId, memberId: id, projectId: projects.get(name) as string, percent })) });
      }

      // Hiring: a filled data-scientist role (Sofia, 38 days) and an open MLOps role with candidates at each stage.
      const filled = newId();
      await tx.openRole.create({ data: { id: filled, organizationId, title: 'Data scientist (NLP)', role: 'DATA_SCIENTIST', openedAt: d(-150), closedAt: d(-112) } });
      const open = newId();
      await tx.openRole.create({ data: { id: open, organizationId, title: 'Senior MLOps engineer', role: 'MLOPS', openedAt: d(-40) } });
      const candidates: { role: string; name: string; email: string; path: [CandidateStage, number, string][] }[] = [
        { role: filled, name: 'Sofia Alvarez', email: 'sofia.alvarez@mail.example', path: [['APPLIED', -146, 'Referred by Marcus'], ['TECHNICAL_INTERVIEW', -138, 'Strong on experiment design'], ['BEHAVIOURAL_INTERVIEW', -131, ''], ['CULTURE_FIT', -127, 'Great fit with the product team'], ['OFFER', -120, 'Offer at band L3'], ['HIRED', -112, 'Signed; starts on the 1st']] },
        { role: filled, name: 'Ben Harper', email: 'ben.harper@mail.example', path: [['APPLIED', -144, ''], ['TECHNICAL_INTERVIEW', -135, 'Take-home incomplete'], ['REJECTED', -133, 'Not enough NLP depth for the role']] },
        { role: open, name: 'Jonas Weber', email: 'jonas.weber@mail.example', path: [['APPLIED', -6, 'Applied through the careers page']] },
        { role: open, name: 'Aisha Karim', email: 'aisha.karim@mail.example', path: [['APPLIED', -30, ''], ['TECHNICAL_INTERVIEW', -20, 'Solid Kubernetes and CI for models']] },
        { role: open, name: 'Rafael Costa', email: 'rafael.costa@mail.example', path: [['APPLIED', -33, ''], ['TECHNICAL_INTERVIEW', -25, 'Good system design'], ['BEHAVIOURAL_INTERVIEW', -14, 'Ran an on-call rotation at a fintech']] },
        { role: open, name: 'Mei Lin', email: 'mei.lin@mail.example', path: [['APPLIED', -36, ''], ['TECHNICAL_INTERVIEW', -28, 'Excellent'], ['BEHAVIOURAL_INTERVIEW', -21, ''], ['CULTURE_FIT', -15, 'Team loved her'], ['OFFER', -4, 'Offer sent, answer due Friday']] },
        { role: open, name: 'Oliver Grant', email: 'oliver.grant@mail.example', path: [['APPLIED', -35, ''], ['TECHNICAL_INTERVIEW', -27, 'Struggled with the monitoring exercise'], ['REJECTED', -26, 'Skills gap on observability']] },
      ];
      for (const c of candidates) {
        const id = newId();
        const last = c.path[c.path.length - 1];
        await tx.candidate.create({ data: { id, organizationId, openRoleId: c.role, name: c.name, email: c.email, stage: last[0], appliedAt: d(c.path[0][1]) } });
        await tx.candidateEvent.createMany({ data: c.path.map(([stage, at, note]) => ({ id: newId(), candidateId: id, stage, at: d(at), note })) });
      }

      // Reviews: Q3 2026 with the three built-in KPIs and one custom KPI.
      const period = newId();
      await tx.reviewPeriod.create({ data: { id: period, organizationId, name: 'Q3 2026', startDate: new Date('2026-07-01T00:00:00Z'), endDate: new Date('2026-09-30T00:00:00Z') } });
      const scores: [string, number, number, number, number, string][] = [
        ['marcus', 5, 5, 4, 3, 'Carried the invoice model launch; needs to delegate more.'],
        ['sofia', 4, 4, 5, 4, 'Quick ramp-up; great pairing with the analysts.'],
        ['priya', 3, 4, 5, 5, 'Owns the lender relationship.'],
        ['tomas', 4, 4, 4, 3, 'Pipelines are solid and tested.'],
        ['hannah', 4, 3, 5, 4, 'Dashboard accessibility work stood out.'],
        ['amara', 3, 4, 4, 5, 'Customer interviews reshaped the churn scope.'],
      ];
      for (const [who, tech, contrib, team, customer, notes] of scores) {
        const rid = newId();
        await tx.review.create({ data: { id: rid, organizationId, periodId: period, memberId: ids.get(who) as string, notes } });
        await tx.reviewScore.createMany({
          data: [
            { id: newId(), reviewId: rid, kpi: 'technical_ability', score: tech },
            { id: newId(), reviewId: rid, kpi: 'project_contribution', score: contrib },
            { id: newId(), reviewId: rid, kpi: 'teamwork', score: team },
            { id: newId(), reviewId: rid, kpi: 'customer_focus', score: customer },
          ],
        });
      }

      // Milestones: "Scorecard AUC" lags behind the time elapsed (AT_RISK).
      const milestones: { project: string; title: string; owner: string; metric: string; threshold: number; direction: 'AT_LEAST' | 'AT_MOST'; start: number; deadline: Date; baseline: number; obs: [number, number][] }[] = [
        { project: 'Churn Radar', title: 'Recall of 0.80 on the Q1 hold-out', owner: 'marcus', metric: 'recall', threshold: 0.8, direction: 'AT_LEAST', start: -60, deadline: new Date('2027-03-31T00:00:00Z'), baseline: 0.55, obs: [[-45, 0.58], [-25, 0.62], [-6, 0.65]] },
        { project: 'Churn Radar', title: 'Beta precision of 0.70', owner: 'sofia', metric: 'precision', threshold: 0.7, direction: 'AT_LEAST', start: -45, deadline: dayAt(now, 30), baseline: 0.5, obs: [[-30, 0.61], [-5, 0.72]] },
        // No hand-recorded values: the digit recogniser's test accuracy comes from Invoice Reader's model
        // versions (trained by invoice-models-seed.ts), so this milestone moves whenever a model is trained.
        // The baseline is the template-matching reader the model replaced.
        { project: 'Invoice Reader', title: 'Read 95 % of amount digits correctly before the enterprise launch', owner: 'tomas', metric: 'accuracy', threshold: 0.95, direction: 'AT_LEAST', start: -120, deadline: new Date('2027-06-30T00:00:00Z'), baseline: 0.82, obs: [] },
        { project: 'Fair Lending Scorecard', title: 'Scorecard AUC of 0.78 signed off by the pilot lender', owner: 'priya', metric: 'auc', threshold: 0.78, direction: 'AT_LEAST', start: -100, deadline: new Date('2027-05-15T00:00:00Z'), baseline: 0.7, obs: [[-70, 0.705], [-35, 0.71], [-7, 0.712]] },
        { project: 'Fair Lending Scorecard', title: 'Demographic parity gap under 5 points', owner: 'lars', metric: 'parity_gap', threshold: 0.05, direction: 'AT_MOST', start: -100, deadline: new Date('2027-05-15T00:00:00Z'), baseline: 0.12, obs: [[-60, 0.09], [-10, 0.065]] },
      ];
      let recallId = '';
      for (const m of milestones) {
        const projectId = projects.get(m.project);
        if (!projectId) continue;
        const id = newId();
        if (m.metric === 'recall') recallId = id;
        await tx.milestone.create({
          data: { id, organizationId, projectId, title: m.title, ownerId: ids.get(m.owner) ?? null, metric: m.metric, threshold: m.threshold, direction: m.direction, startDate: d(m.start), deadline: m.deadline, baseline: m.baseline },
        });
        if (m.obs.length) await tx.milestoneObservation.createMany({ data: m.obs.map(([at, value]) => ({ id: newId(), milestoneId: id, date: d(at), value, source: 'manual' })) });
      }

      const churn = projects.get('Churn Radar');
      if (churn) {
        const taskIds = new Map(TASKS.map((t) => [t.key, newId(d(-t.created).getTime())]));
        const position = new Map<string, number>();
        for (const t of TASKS) {
          const pos = position.get(t.status) ?? 0;
          position.set(t.status, pos + 1);
          await tx.task.create({
            data: {
              id: taskIds.get(t.key) as string,
              organizationId,
              projectId: churn,
              title: t.title,
              estimate: t.estimate,
              status: t.status,
              assigneeId: ids.get(t.who) ?? null,
              milestoneId: t.key === 'evaluate' && recallId ? recallId : null,
              position: pos,
              createdAt: new Date(d(-t.created).getTime() + 9 * 3_600_000),
              doneAt: t.done !== undefined ? new Date(d(-t.done).getTime() + 17 * 3_600_000) : null,
            },
          });
        }
        await tx.taskDependency.createMany({ data: TASKS.flatMap((t) => t.deps.map((dep) => ({ taskId: taskIds.get(t.key) as string, dependsOnId: taskIds.get(dep) as string }))) });
      }
    });
  } catch (e) {
    // Another process seeded the same organisation at the same moment: theirs stands.
    if ((e as { code?: unknown }).code === 'P2002') return { created: false };
    throw e;
  }
  return { created: true };
}
