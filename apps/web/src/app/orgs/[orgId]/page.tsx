import type { Metadata } from 'next';
import Link from 'next/link';
import { LABELS, PROJECT_STAGES, type ProjectStage, type ProjectView } from '@meridian/domain';
import { EmptyState, formatDate, goalTarget, PageHeader, StageBadge } from '../../../components/ui';
import { MilestonesAtRiskCard } from '../../../components/overview/MilestonesAtRiskCard';
import { TeamWorkloadCard } from '../../../components/overview/TeamWorkloadCard';
import { UPCOMING_SECTIONS } from '../../../lib/sections';
import { load, requireMembership } from '../../../lib/server-api';
import { RunwayCard } from '../../../components/finance/RunwayCard';
import { NpsTrendCard } from '../../../components/feedback/NpsTrendCard';
import { OpenHighRisksCard } from '../../../components/overview/OpenHighRisksCard';
import { RecentRunsCard } from '../../../components/overview/RecentRunsCard';

export const metadata: Metadata = { title: 'Overview' };

// The overview counts at most this many projects; beyond it the figures say "at least".
const MAX_PAGES = 10;

export default async function OverviewPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  const { projects, complete } = await load(async (api) => {
    const all: ProjectView[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await api.projects.list(orgId, { limit: 100, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { projects: all, complete: cursor === null };
  });
  const byStage = new Map<ProjectStage, number>(PROJECT_STAGES.map((s) => [s, 0]));
  for (const p of projects) byStage.set(p.stage, (byStage.get(p.stage) ?? 0) + 1);
  const withGoal = projects.filter((p) => p.goal.metric).length;
  const dueSoon = projects
    .filter((p) => p.goal.deadline)
    .sort((a, b) => (a.goal.deadline ?? '').localeCompare(b.goal.deadline ?? ''))
    .slice(0, 5);
  const recent = [...projects].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 5);
  const count = `${projects.length}${complete ? '' : '+'}`;
  const base = `/orgs/${orgId}`;

  // Sections whose data does not exist yet (none once every area is live): the card hides itself.
  const upcoming = UPCOMING_SECTIONS.filter((s) => !s.live);
  return (
    <>
      <PageHeader title={membership.organizationName} description="Where your projects stand today." />
      {projects.length === 0 ? (
        <section className="card">
          <EmptyState
            icon="M"
            title="Start with a project"
            action={
              <Link className="btn btn-primary" href={`${base}/projects/new`}>
                New project
              </Link>
            }
          >
            <p>This workspace has no projects yet. Once it does, this page summarises them by lifecycle stage, goal and deadline.</p>
          </EmptyState>
        </section>
      ) : (
        <div className="stack">
          <div className="grid-3">
            <div className="card stat">
              <div className="stat-label">Projects</div>
              <div className="stat-value">{count}</div>
            </div>
            <div className="card stat">
              <div className="stat-label">With a measurable goal</div>
              <div className="stat-value">{withGoal}</div>
            </div>
            <div className="card stat">
              <div className="stat-label">In deployment or monitoring</div>
              <div className="stat-value">{(byStage.get('DEPLOYMENT') ?? 0) + (byStage.get('MONITORING') ?? 0)}</div>
            </div>
          </div>
          <section className="card" aria-labelledby="stages-title">
            <div className="card-header">
              <h2 id="stages-title">Projects by lifecycle stage</h2>
            </div>
            <div className="card-body">
              <ol className="stages">
                {PROJECT_STAGES.map((s) => (
                  <li key={s} className={(byStage.get(s) ?? 0) > 0 ? 'current' : undefined}>
                    <div>{LABELS.stage[s]}</div>
                    <div className="stat-value" style={{ fontSize: 18 }}>
                      {byStage.get(s)}
                    </div>
                  </li>
                ))}
              </ol>
            </div>
          </section>
          <div className="grid-2">
            <RunwayCard orgId={orgId} />
            <NpsTrendCard orgId={orgId} />
          </div>
          <div className="grid-2">
            <OpenHighRisksCard orgId={orgId} />
            <RecentRunsCard orgId={orgId} />
          </div>
          <div className="grid-2">
            <section className="card" aria-labelledby="recent-title">
              <div className="card-header">
                <h2 id="recent-title">Recently updated</h2>
                <Link href={`${base}/projects`}>All projects</Link>
              </div>
              <ul className="list">
                {recent.map((p) => (
                  <li key={p.id} className="list-row">
                    <Link href={`${base}/projects/${p.id}`}>{p.name}</Link>
                    <StageBadge stage={p.stage} />
                  </li>
                ))}
              </ul>
            </section>
            <section className="card" aria-labelledby="deadlines-title">
              <div className="card-header">
                <h2 id="deadlines-title">Goal deadlines</h2>
              </div>
              {dueSoon.length === 0 ? (
                <div className="card-body muted">No project has a goal deadline yet. Set one on a project to track it here.</div>
              ) : (
                <ul className="list">
                  {dueSoon.map((p) => (
                    <li key={p.id}>
                      <Link href={`${base}/projects/${p.id}`}>{p.name}</Link>
                      <div className="muted">{goalTarget(p.goal) ?? formatDate(p.goal.deadline ?? '')}</div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </div>
      )}
      <MilestonesAtRiskCard orgId={orgId} />
      <TeamWorkloadCard orgId={orgId} />
      {upcoming.length > 0 && (
        <section className="card" style={{ marginTop: 16 }} aria-labelledby="next-title">
          <div className="card-header">
            <div>
              <h2 id="next-title">Sections that fill as you work</h2>
              <p>These sections are empty until their data exists; each page explains what will appear there.</p>
            </div>
          </div>
          <div className="card-body grid-3">
            {upcoming.map((s) => (
              <Link key={s.slug} href={`${base}/${s.slug}`} style={{ color: 'inherit' }}>
                <strong style={{ color: 'var(--accent)' }}>{s.title}</strong>
                <div className="muted">{s.summary}</div>
              </Link>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
