// Overview card: open risks at level HIGH or CRITICAL, worst first, from the risk register.
import Link from 'next/link';
import { LevelBadge } from '../risks/ui';
import { load } from '../../lib/server-api';

export async function OpenHighRisksCard({ orgId }: { orgId: string }) {
  const { items } = await load((api) => api.risks.list(orgId));
  const high = items.filter((r) => r.level === 'HIGH' || r.level === 'CRITICAL').sort((a, b) => b.score - a.score);
  const base = `/orgs/${orgId}`;
  return (
    <section className="card" aria-labelledby="high-risks-title" data-testid="open-high-risks">
      <div className="card-header">
        <h2 id="high-risks-title">Open high risks</h2>
        <Link href={`${base}/risks`}>Risk register</Link>
      </div>
      {high.length === 0 ? (
        <div className="card-body muted">{items.length ? 'No open risk is rated high or critical.' : 'No risks recorded yet.'}</div>
      ) : (
        <ul className="list">
          {high.slice(0, 5).map((r) => (
            <li key={r.id} className="list-row">
              <div>
                <Link href={`${base}/risks/${r.id}`}>{r.title}</Link>
                <div className="muted">
                  {r.projectName} · owner {r.ownerName ?? 'not assigned'}
                </div>
              </div>
              <span style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                <LevelBadge level={r.level} score={r.score} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
