import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { UploadVersion } from '../../../../../components/datasets/UploadVersion';
import { formatBytes, formatNumber, STATUS_BADGE, STATUS_LABEL } from '../../../../../components/datasets/format';
import { EmptyState, PageHeader, formatDateTime } from '../../../../../components/ui';
import { load, requireMembership } from '../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Dataset' };
export const dynamic = 'force-dynamic';

export default async function DatasetPage({ params }: { params: Promise<{ orgId: string; datasetId: string }> }) {
  const { orgId, datasetId } = await params;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const { dataset, versions, project } = await load(async (api) => {
    const dataset = await api.datasets.get(orgId, datasetId);
    const [versions, project] = await Promise.all([api.datasets.versions(orgId, datasetId), api.projects.get(orgId, dataset.projectId)]);
    return { dataset, versions, project };
  });
  const base = `/orgs/${orgId}/datasets`;
  return (
    <>
      <PageHeader
        title={dataset.name}
        description={dataset.description || `A dataset of ${project.name}.`}
        crumbs={[
          { href: base, label: 'Datasets' },
          { href: `${base}?project=${encodeURIComponent(project.id)}`, label: project.name },
        ]}
      />
      <div className="stack">
        <section className="card" aria-label="Versions">
          <div className="card-header">
            <h2>Versions</h2>
            <p>Each distinct file is a version; uploading the same bytes again returns the existing version.</p>
          </div>
          {versions.length === 0 ? (
            <EmptyState icon="↑" title="No versions yet">
              <p>{canWrite ? 'Upload the first file below.' : 'A member can upload the first file.'}</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>File</th>
                    <th>Format</th>
                    <th>Rows</th>
                    <th>Size</th>
                    <th>SHA-256</th>
                    <th>Profile</th>
                    <th>Uploaded</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.id}>
                      <td>
                        <Link href={`${base}/${datasetId}/versions/${v.id}`}>v{v.version}</Link>
                      </td>
                      <td>{v.fileName}</td>
                      <td>{v.format}</td>
                      <td>{formatNumber(v.rowCount)}</td>
                      <td>{formatBytes(v.sizeBytes)}</td>
                      <td>
                        <code title={v.contentHash}>{v.contentHash.slice(0, 12)}…</code>
                      </td>
                      <td>
                        <span className={STATUS_BADGE[v.profileStatus]}>{STATUS_LABEL[v.profileStatus]}</span>
                      </td>
                      <td>{formatDateTime(v.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {canWrite ? (
          <section className="card">
            <div className="card-header">
              <h2>Upload a new version</h2>
              <p>CSV, JSON Lines or MNIST IDX. The file streams to the artifact store and is profiled in the background.</p>
            </div>
            <div className="card-body">
              <UploadVersion orgId={orgId} datasetId={datasetId} />
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
