// The dashboard's sections. Projects, members, API keys and the audit log are live; the others
// belong to later releases, and their empty pages say plainly what will appear and how.
export interface SectionInfo {
  slug: string;
  title: string;
  group: 'Build' | 'Govern' | 'Company';
  /** One sentence: what this section holds. */
  summary: string;
  /** What the user will see here and where the data comes from. */
  fillsWith: string[];
  /** Built: the navigation links it, the overview's "fill as you work" list leaves it out. */
  live?: boolean;
}

export const UPCOMING_SECTIONS: SectionInfo[] = [
  {
    slug: 'datasets',
    live: true,
    title: 'Datasets',
    group: 'Build',
    summary: 'Versioned training data for this organisation’s projects.',
    fillsWith: [
      'Each uploaded file (CSV, JSON lines, image archives) becomes a dataset version identified by its content hash.',
      'A profile per version: schema, histograms, missing values, class balance and flagged sensitive columns.',
      'Governance fields: source, licence, personal data, legal basis and retention.',
    ],
  },
  {
    slug: 'runs',
    live: true,
    title: 'Training runs',
    group: 'Build',
    summary: 'Training jobs with live metrics, logs and cost.',
    fillsWith: [
      'Runs started from a preset or a custom spec on a dataset version, with their state and live learning curves.',
      'Compute time and cost per run, and runs logged from outside Meridian through the API.',
      'Side-by-side comparison of curves, parameters and final metrics.',
    ],
  },
  {
    slug: 'models',
    live: true,
    title: 'Models',
    group: 'Build',
    summary: 'The model registry: versions, lineage and aliases.',
    fillsWith: [
      'A model version for every successful run, with the run and dataset version that produced it.',
      'The champion, challenger and production aliases and who moved them when.',
      'Promotion to production, gated on the project goal, fairness audits and open risks.',
    ],
  },
  {
    slug: 'retraining',
    live: true,
    title: 'Retraining',
    group: 'Build',
    summary: 'Schedules and triggers that retrain models, and what each launch did.',
    fillsWith: [
      'Cron schedules in a time zone with their next runs, pause, resume and run now, and a catch-up policy for missed runs.',
      'Triggers on new data, production metrics, drift and user satisfaction (under Retraining → Triggers).',
      'The history of every retraining launch with its run and the challenger-versus-champion comparison, and the per-project policy.',
    ],
  },
  {
    slug: 'audits',
    live: true,
    title: 'Fairness audits',
    group: 'Govern',
    summary: 'Evidence that a model treats groups of people fairly enough.',
    fillsWith: [
      'Audits of a model version on chosen sensitive features, with a pass, warn or fail verdict and its reasons.',
      'Per-group metrics, disparities and mitigation results, with a downloadable PDF report.',
      'Model cards describing intended use, data, metrics and limitations.',
    ],
  },
  {
    slug: 'risks',
    live: true,
    title: 'Risks',
    group: 'Govern',
    summary: 'The risk register, heat map and compliance checklists.',
    fillsWith: [
      'Risks per project scored by likelihood and impact, with owner, response and review date.',
      'Risks Meridian raises itself from failed audits, budget overruns and model drift.',
      'EU AI Act tier and GDPR, CCPA and licensing checklists with evidence.',
    ],
  },
  {
    slug: 'costs',
    live: true,
    title: 'Costs & runway',
    group: 'Company',
    summary: 'Budgets, spend, burn rate and how long the money lasts.',
    fillsWith: [
      'Budgets per project and category against actual cost entries, including compute from training runs.',
      'Funding rounds and revenue streams, cash on hand, monthly burn and runway in months.',
      'Scenarios: what hiring, raising or cutting does to the runway.',
    ],
  },
  {
    slug: 'team',
    live: true,
    title: 'Team',
    group: 'Company',
    summary: 'Who is on the team, what they carry, and who you are hiring.',
    fillsWith: [
      'Job roles, skills and allocation to projects, with anyone over 100 % flagged.',
      'The hiring pipeline per open role and time to hire.',
      'Periodic reviews with KPIs per person and a team roll-up.',
    ],
  },
  {
    slug: 'milestones',
    live: true,
    title: 'Milestones',
    group: 'Company',
    summary: 'Plans, SMART milestones and the critical path.',
    fillsWith: [
      'Milestones with a metric, threshold, deadline and owner whose progress updates from runs and models.',
      'Tasks on a kanban board and a Gantt chart with the critical path highlighted.',
      'Lifecycle-stage entry criteria checked against real data.',
    ],
  },
  {
    slug: 'feedback',
    live: true,
    title: 'User feedback',
    group: 'Company',
    summary: 'What the users of your models think.',
    fillsWith: [
      'NPS, CSAT and thumbs collected through a public endpoint with a project key or an embeddable snippet.',
      'Trends by week and by model version, with searchable comments and themes.',
      'Alerts when satisfaction with the production model drops.',
    ],
  },
];

export function upcomingSection(slug: string): SectionInfo | undefined {
  return UPCOMING_SECTIONS.find((s) => s.slug === slug);
}
