import type { Metadata } from 'next';
import Link from 'next/link';
import { JOB_STATUSES, roleAtLeast, type JobStatus } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { fmtMoney } from '../../../../components/finance/format';
import { NewRunForm } from '../../../../components/runs/NewRunForm';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Training runs' };

const PAGE_SIZE = 50;

export default async function RunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{
    status?: string;
    projectId?: string;
    datasetVersionId?: string;
    after?: string;
  }>;
}) {
  const { orgId } = await params;
  const sp = await searchParams;
  const { membership } = await requireMembership(orgId);
  const status = JOB_STATUSES.includes(sp.status as JobStatus) ? (sp.status as JobStatus) : undefined;
  const projectId = sp.projectId || undefined;
  // Keyset pages: the cursors of the pages before this one travel in ?after= so "Previous" needs no state.
  const trail = sp.after ? sp.after.split(',').filter(Boolean) : [];
  const [runs, projects, versions] = await Promise.all([
    load((api) =>
      api.runs.list(orgId, {
        status,
        projectId,
        limit: PAGE_SIZE,
        cursor: trail[trail.length - 1],
      }),
    ),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    load((api) => api.runs.datasetVersions(orgId)),
  ]);
  const projectName = new Map(projects.items.map((p) => [p.id, p.name]));
  const base = `/orgs/${orgId}/runs`;
  // Every link keeps the other filter: a status tab stays in the chosen project and the reverse.
  const href = (f: { status?: string; projectId?: string; after?: string[] }) => {
    const q = new URLSearchParams();
    if (f.status) q.set('status', f.status);
    if (f.projectId) q.set('projectId', f.projectId);
    if (f.after?.length) q.set('after', f.after.join(','));
    const qs = q.toString();
    return qs ? `${base}?${qs}` : base;
  };
  return (
    <>
      <PageHeader
        title="Training runs"
        description="Runs trained here from a preset or a layer spec on a dataset version, and runs logged from elsewhere through the API: state, live curves, logs, compute and cost."
        actions={
          roleAtLeast(membership.role, 'MEMBER') ? (
            <NewRunForm orgId={orgId} projects={projects.items.map((p) => ({ id: p.id, name: p.name }))} versions={versions} initialVersionId={sp.datasetVersionId} />
          ) : null
        }
      />
      <div
        className="actions"
        style={{
          marginBottom: '1rem',
          justifyContent: 'space-between',
          flexWrap: 'wrap',
        }}
      >
        <nav aria-label="Filter by status" className="actions">
          <Link className={`btn btn-sm${status ? '' : ' btn-primary'}`} href={href({ projectId })}>
            All
          </Link>
          {JOB_STATUSES.map((s) => (
            <Link key={s} className={`btn btn-sm${status === s ? ' btn-primary' : ''}`} href={href({ status: s, projectId })}>
              {s.toLowerCase()}
            </Link>
          ))}
        </nav>
        {/* A plain GET form: works without JavaScript and leaves a shareable URL. */}
        <form method="get" action={base} className="actions" aria-label="Filter by project">
          {status ? <input type="hidden" name="status" value={status} /> : null}
          <label htmlFor="runs-project" className="sr-only">
            Project
          </label>
          <select id="runs-project" name="projectId" defaultValue={projectId ?? ''}>
            <option value="">All projects</option>
            {projects.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn-sm">
            Show
          </button>
        </form>
      </div>
      {runs.items.length === 0 ? (
        <EmptyState title={status || projectId ? `No ${status ? status.toLowerCase() + ' ' : ''}runs${projectId ? ` in ${projectName.get(projectId) ?? 'this project'}` : ''}` : 'No runs yet'}>
          Start a run from a dataset version, or log one trained elsewhere with <code>POST /api/orgs/{orgId}/runs/external</code>.
        </EmptyState>
      ) : (
        <form className="card" action={`${base}/compare`} method="get">
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>
                    <span className="sr-only">Compare</span>
                  </th>
                  <th>Run</th>
                  <th>Project</th>
                  <th>Status</th>
                  <th>Epochs</th>
                  <th>Test accuracy</th>
                  <th>Backend</th>
                  <th>Cost</th>
                  <th>Started</th>
                </tr>
              </thead>
              <tbody>
                {runs.items.map((r) => {
                  const acc = (r.testMetrics as { accuracy?: number } | null)?.accuracy;
                  return (
                    <tr key={r.id}>
                      <td>
                        <input type="checkbox" name="ids" value={r.id} aria-label={`Compare ${r.name}`} />
                      </td>
                      <td>
                        <Link href={`${base}/${r.id}`}>{r.name}</Link>
                        {r.external ? <span className="muted"> · external</span> : null}
                      </td>
                      <td>{projectName.get(r.projectId) ?? r.projectId}</td>
                      <td>{r.status}</td>
                      <td>
                        {r.epochsDone}
                        {r.epochs ? `/${r.epochs}` : ''}
                      </td>
                      <td>{typeof acc === 'number' ? acc.toFixed(3) : '—'}</td>
                      <td>{r.backendUsed ?? r.backendRequested}</td>
                      <td className="nowrap">{r.cost ? fmtMoney(r.cost) : '—'}</td>
                      <td className="nowrap">{formatDateTime(r.startedAt ?? r.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="card-body actions" style={{ justifyContent: 'space-between' }}>
            <button type="submit" className="btn btn-sm">
              Compare selected runs
            </button>
            <nav className="actions" aria-label="Pages">
              <span className="muted">
                Page {trail.length + 1} · {runs.items.length} run
                {runs.items.length === 1 ? '' : 's'} shown
              </span>
              {trail.length > 0 ? (
                <Link className="btn btn-sm" href={href({ status, projectId, after: trail.slice(0, -1) })} rel="prev">
                  ← Newer
                </Link>
              ) : null}
              {runs.nextCursor ? (
                <Link
                  className="btn btn-sm"
                  href={href({
                    status,
                    projectId,
                    after: [...trail, runs.nextCursor],
                  })}
                  rel="next"
                >
                  Older →
                </Link>
              ) : null}
            </nav>
          </div>
        </form>
      )}
    </>
  );
}
