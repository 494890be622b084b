import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  await requireMembership(orgId);
  const [models, projects] = await Promise.all([load((api) => api.models.list(orgId, { limit: 100 })), load((api) => api.projects.list(orgId, { limit: 100 }))]);
  const projectName = new Map(projects.items.map((p) => [p.id, p.name]));
  return (
    <>
      <PageHeader title="Models" description="The model registry: a version for every successful run, with its lineage, test metrics and aliases (champion, challenger, production)." />
      {models.items.length === 0 ? (
        <EmptyState title="No model versions yet">Every training run that succeeds registers a model version here.</EmptyState>
      ) : (
        <section className="card">
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Project</th>
                  <th>Aliases</th>
                  <th>Test accuracy</th>
                  <th>Registered</th>
                </tr>
              </thead>
              <tbody>
                {models.items.map((m) => {
                  const acc = (m.testMetrics as { accuracy?: number } | null)?.accuracy;
                  return (
                    <tr key={m.id}>
                      <td>
                        <Link href={`/orgs/${orgId}/models/${m.id}`}>version {m.version}</Link>
                      </td>
                      <td>{projectName.get(m.projectId) ?? m.projectId}</td>
                      <td>{m.aliases.length ? m.aliases.join(', ') : '—'}</td>
                      <td>{typeof acc === 'number' ? acc.toFixed(3) : '—'}</td>
                      <td className="nowrap">{formatDateTime(m.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
