// Overview card: the latest training runs (trained here or logged from elsewhere) and their state.
import Link from 'next/link';
import { formatDate } from '../ui';
import { load } from '../../lib/server-api';

export async function RecentRunsCard({ orgId }: { orgId: string }) {
  const runs = await load((api) => api.runs.list(orgId, { limit: 5 }));
  const base = `/orgs/${orgId}`;
  return (
    <section className="card" aria-labelledby="recent-runs-title" data-testid="recent-runs">
      <div className="card-header">
        <h2 id="recent-runs-title">Recent runs</h2>
        <Link href={`${base}/runs`}>All runs</Link>
      </div>
      {runs.items.length === 0 ? (
        <div className="card-body muted">No training runs yet.</div>
      ) : (
        <ul className="list">
          {runs.items.map((r) => (
            <li key={r.id} className="list-row">
              <div>
                <Link href={`${base}/runs/${r.id}`}>{r.name}</Link>
                <div className="muted">
                  {r.external ? 'logged externally' : (r.backendUsed ?? r.backendRequested)} · {formatDate(r.createdAt)}
                </div>
              </div>
              <span className="badge">{r.status.toLowerCase()}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
