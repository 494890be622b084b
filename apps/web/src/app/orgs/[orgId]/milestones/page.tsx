import type { Metadata } from 'next';
import Link from 'next/link';
import { MILESTONE_STATUSES, roleAtLeast, type MilestoneView } from '@meridian/domain';
import { CreateMilestoneForm } from '../../../../components/progress/CreateMilestoneForm';
import { DeleteItemButton } from '../../../../components/finance/DeleteItemButton';
import { MilestoneStatusBadge } from '../../../../components/progress/MilestoneStatusBadge';
import { RecordValueForm } from '../../../../components/progress/RecordValueForm';
import { EmptyState, formatDate, PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Milestones' };

// At-risk and missed first: what needs attention.
const ORDER: Record<MilestoneView['status'], number> = { AT_RISK: 0, MISSED: 1, ON_TRACK: 2, ACHIEVED: 3 };

export default async function MilestonesPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const { milestones, projects, members } = await load(async (api) => {
    const [milestones, projects, members] = await Promise.all([api.progress.milestones(orgId), api.projects.listAll(orgId, 100), api.team.members(orgId)]);
    return { milestones, projects, members };
  });
  const sorted = [...milestones].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.goal.deadline.localeCompare(b.goal.deadline));
  const counts = Object.fromEntries(MILESTONE_STATUSES.map((s) => [s, milestones.filter((m) => m.status === s).length]));
  const base = `/orgs/${orgId}`;

  return (
    <>
      <PageHeader title="Milestones" description="SMART milestones across projects. Status follows the latest measured value against the time elapsed; plans and critical paths live on each project’s progress page." />
      <div className="stack">
        <div className="grid-3">
          <div className="card stat">
            <div className="stat-label">At risk or missed</div>
            <div className="stat-value">{(counts.AT_RISK ?? 0) + (counts.MISSED ?? 0)}</div>
          </div>
          <div className="card stat">
            <div className="stat-label">On track</div>
            <div className="stat-value">{counts.ON_TRACK ?? 0}</div>
          </div>
          <div className="card stat">
            <div className="stat-label">Achieved</div>
            <div className="stat-value">{counts.ACHIEVED ?? 0}</div>
          </div>
        </div>
        <section className="card" aria-labelledby="ms-title">
          <div className="card-header">
            <h2 id="ms-title">All milestones</h2>
          </div>
          {sorted.length === 0 ? (
            <EmptyState icon="◎" title="No milestones yet">
              <p>Create one below with a metric, a threshold, a deadline and an owner; its status then updates from recorded values and model versions.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Milestone</th>
                    <th scope="col">Goal</th>
                    <th scope="col">Progress</th>
                    <th scope="col">Status</th>
                    {canWrite ? <th scope="col">Record a value or delete</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((m) => (
                    <tr key={m.id} data-status={m.status}>
                      <td>
                        <div>{m.title}</div>
                        <div className="muted">
                          <Link href={`${base}/projects/${m.projectId}/progress`}>{m.projectName}</Link> · {m.ownerName ?? 'no owner'}
                        </div>
                      </td>
                      <td>
                        <code>{m.goal.metric}</code> {m.goal.direction === 'AT_LEAST' ? '≥' : '≤'} {m.goal.threshold}
                        <div className="muted">by {formatDate(m.goal.deadline)}</div>
                      </td>
                      <td style={{ minWidth: 180 }}>
                        <div className="progress" role="progressbar" aria-valuenow={m.progressPct} aria-valuemin={0} aria-valuemax={100} aria-label={`${m.title} progress`}>
                          <span style={{ width: `${m.progressPct}%` }} />
                        </div>
                        <div className="muted" style={{ fontSize: 12 }}>
                          {m.progressPct} % done · {m.elapsedPct} % of time · now {m.current ?? '—'} ({m.source})
                        </div>
                      </td>
                      <td>
                        <MilestoneStatusBadge status={m.status} />
                        <div className="muted" style={{ fontSize: 12, maxWidth: 260 }}>
                          {m.reason}
                        </div>
                      </td>
                      {canWrite ? (
                        <td>
                          <RecordValueForm orgId={orgId} milestoneId={m.id} metric={m.goal.metric} />
                          <DeleteItemButton orgId={orgId} item={{ kind: 'milestone', id: m.id }} label={`the milestone ${m.title}`} />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {canWrite ? (
          <section className="card" aria-labelledby="new-ms-title">
            <div className="card-header">
              <h2 id="new-ms-title">New milestone</h2>
            </div>
            <div className="card-body">
              <CreateMilestoneForm orgId={orgId} projects={projects.map((p) => ({ id: p.id, name: p.name }))} members={members.map((m) => ({ id: m.id, name: m.name }))} />
            </div>
          </section>
        ) : null}
                <section className="card" aria-labelledby="plans-title">
          <div className="card-header">
            <h2 id="plans-title">Project plans</h2>
          </div>
          <ul className="list">
            {projects.map((p) => (
              <li key={p.id} className="list-row">
                <span>{p.name}</span>
                <Link href={`${base}/projects/${p.id}/progress`}>Board, Gantt and burn-up</Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
