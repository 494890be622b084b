// Overview card: people allocated over 100 %, from the team workload view.
import Link from 'next/link';
import { load } from '../../lib/server-api';

export async function TeamWorkloadCard({ orgId }: { orgId: string }) {
  const workload = await load((api) => api.team.workload(orgId));
  const over = workload.members.filter((m) => m.overAllocated);
  return (
    <section className="card" style={{ marginTop: 16 }} aria-labelledby="workload-title" data-testid="team-workload">
      <div className="card-header">
        <h2 id="workload-title">Team workload</h2>
        <Link href={`/orgs/${orgId}/team`}>Team</Link>
      </div>
      {over.length === 0 ? (
        <div className="card-body muted">{workload.members.length ? `Nobody among ${workload.members.length} people is allocated over 100 %.` : 'No team members yet.'}</div>
      ) : (
        <ul className="list">
          {over.map((m) => (
            <li key={m.id} className="list-row">
              <div>
                <div>{m.name}</div>
                <div className="muted">
                  {m.role} · {m.allocations.map((a) => `${a.projectName} ${a.percent} %`).join(', ')}
                </div>
              </div>
              <span className="badge badge-danger badge-dot">{m.totalAllocationPct} %</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
