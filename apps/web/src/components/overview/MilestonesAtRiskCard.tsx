// Overview card: milestones that are at risk or missed, from the API's SMART status.
import Link from 'next/link';
import { formatDate } from '../ui';
import { MilestoneStatusBadge } from '../progress/MilestoneStatusBadge';
import { load } from '../../lib/server-api';

export async function MilestonesAtRiskCard({ orgId }: { orgId: string }) {
  const milestones = await load((api) => api.progress.milestones(orgId));
  const attention = milestones.filter((m) => m.status === 'AT_RISK' || m.status === 'MISSED');
  const base = `/orgs/${orgId}`;
  return (
    <section className="card" style={{ marginTop: 16 }} aria-labelledby="ms-risk-title" data-testid="milestones-at-risk">
      <div className="card-header">
        <h2 id="ms-risk-title">Milestones at risk</h2>
        <Link href={`${base}/milestones`}>All {milestones.length} milestones</Link>
      </div>
      {attention.length === 0 ? (
        <div className="card-body muted">{milestones.length ? 'Every milestone is on track or achieved.' : 'No milestones yet.'}</div>
      ) : (
        <ul className="list">
          {attention.map((m) => (
            <li key={m.id} className="list-row">
              <div>
                <Link href={`${base}/projects/${m.projectId}/progress`}>{m.title}</Link>
                <div className="muted">
                  {m.projectName} · {m.progressPct} % done with {m.elapsedPct} % of the time gone · due {formatDate(m.goal.deadline)}
                </div>
              </div>
              <MilestoneStatusBadge status={m.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
