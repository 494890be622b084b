import type { Metadata } from 'next';
import Link from 'next/link';
import { JOB_STATUSES, roleAtLeast, type JobStatus } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { NewRunForm } from '../../../../components/runs/NewRunForm';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Training runs' };

const money = (minor: number, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);

export default async function RunsPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ status?: string; projectId?: string; datasetVersionId?: string }> }) {
  const { orgId } = await params;
  const sp = await searchParams;
  const { membership } = await requireMembership(orgId);
  const status = JOB_STATUSES.includes(sp.status as JobStatus) ? (sp.status as JobStatus) : undefined;
  const [runs, projects, versions] = await Promise.all([
    load((api) => api.runs.list(orgId, { status, projectId: sp.projectId || undefined, limit: 100 })),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    load((api) => api.runs.datasetVersions(orgId)),
  ]);
  const projectName = new Map(projects.items.map((p) => [p.id, p.name]));
  const base = `/orgs/${orgId}/runs`;
  return (
    <>
      <PageHeader
        title="Training runs"
        description="Runs trained here from a preset on a dataset version, and runs logged from elsewhere through the API: state, live curves, compute and cost."
        actions={roleAtLeast(membership.role, 'MEMBER') ? <NewRunForm orgId={orgId} projects={projects.items.map((p) => ({ id: p.id, name: p.name }))} versions={versions} initialVersionId={sp.datasetVersionId} /> : null}
      />
      <nav aria-label="Filter by status" className="actions" style={{ marginBottom: '1rem' }}>
        <Link className={`btn btn-sm${status ? '' : ' btn-primary'}`} href={base}>
          All
        </Link>
        {JOB_STATUSES.map((s) => (
          <Link key={s} className={`btn btn-sm${status === s ? ' btn-primary' : ''}`} href={`${base}?status=${s}`}>
            {s.toLowerCase()}
          </Link>
        ))}
      </nav>
      {runs.items.length === 0 ? (
        <EmptyState title={status ? `No ${status.toLowerCase()} runs` : 'No runs yet'}>
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
                      <td>{r.cost ? money(r.cost.minor, r.cost.currency) : '—'}</td>
                      <td className="nowrap">{formatDateTime(r.startedAt ?? r.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="card-body actions">
            <button type="submit" className="btn btn-sm">
              Compare selected runs
            </button>
          </div>
        </form>
      )}
    </>
  );
}
