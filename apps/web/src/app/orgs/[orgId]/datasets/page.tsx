import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast, type ProjectView } from '@meridian/domain';
import { NewDatasetForm } from '../../../../components/datasets/NewDatasetForm';
import { formatBytes, formatNumber, STATUS_BADGE, STATUS_LABEL } from '../../../../components/datasets/format';
import { EmptyState, PageHeader, formatDateTime } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Datasets' };
export const dynamic = 'force-dynamic';

export default async function DatasetsPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ project?: string }> }) {
  const { orgId } = await params;
  const sp = await searchParams;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const { projects, datasets } = await load(async (api) => {
    const projects = (await api.projects.list(orgId, { limit: 100 })).items as ProjectView[];
    const project = projects.find((p) => p.id === sp.project);
    const datasets = await api.datasets.list(orgId, { projectId: project?.id, limit: 100 });
    return { projects, datasets: datasets.items };
  });
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  const base = `/orgs/${orgId}/datasets`;
  const selected = projects.find((p) => p.id === sp.project);

  return (
    <>
      <PageHeader title="Datasets" description="Versioned training data: every distinct file is a version identified by its SHA-256, profiled and governed." />
      {projects.length > 1 ? (
        <nav aria-label="Project filter" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
          <Link className={`btn btn-sm${selected ? '' : ' btn-primary'}`} href={base}>
            All projects
          </Link>
          {projects.map((p) => (
            <Link key={p.id} className={`btn btn-sm${selected?.id === p.id ? ' btn-primary' : ''}`} href={`${base}?project=${encodeURIComponent(p.id)}`}>
              {p.name}
            </Link>
          ))}
        </nav>
      ) : null}
      <div className="stack">
        <section className="card" aria-label="Dataset list">
          {datasets.length === 0 ? (
            <EmptyState icon="D" title={projects.length === 0 ? 'No projects yet' : 'No datasets yet'}>
              <p>
                {projects.length === 0
                  ? 'Datasets belong to a project. Create a project first.'
                  : canWrite
                    ? 'Create a dataset below, then upload a CSV, JSON Lines or IDX file as its first version.'
                    : 'Your role is viewer, so ask a member to create one.'}
              </p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Project</th>
                    <th>Versions</th>
                    <th>Latest</th>
                    <th>Rows</th>
                    <th>Size</th>
                    <th>Profile</th>
                    <th>Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {datasets.map((d) => (
                    <tr key={d.id}>
                      <td>
                        <Link href={`${base}/${d.id}`}>{d.name}</Link>
                        {d.description ? <div className="muted">{d.description}</div> : null}
                      </td>
                      <td>{projectName.get(d.projectId) ?? '—'}</td>
                      <td>{d.versionCount}</td>
                      <td>{d.latestVersion ? `v${d.latestVersion.version} · ${d.latestVersion.fileName}` : '—'}</td>
                      <td>{formatNumber(d.latestVersion?.rowCount ?? null)}</td>
                      <td>{d.latestVersion ? formatBytes(d.latestVersion.sizeBytes) : '—'}</td>
                      <td>{d.latestVersion ? <span className={STATUS_BADGE[d.latestVersion.profileStatus]}>{STATUS_LABEL[d.latestVersion.profileStatus]}</span> : <span className="muted">no file yet</span>}</td>
                      <td>{formatDateTime(d.latestVersion?.createdAt ?? d.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {canWrite && projects.length > 0 ? (
          <section className="card">
            <div className="card-header">
              <h2>New dataset</h2>
              <p>A named collection in a project; upload files to it as versions.</p>
            </div>
            <div className="card-body">
              <NewDatasetForm orgId={orgId} projects={projects} defaultProjectId={selected?.id} />
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
