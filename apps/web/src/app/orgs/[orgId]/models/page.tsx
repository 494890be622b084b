import type { Metadata } from 'next';
import Link from 'next/link';
import type { ModelComparisonView, ModelVersionView } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';
import { AliasBadges } from './_components/AliasBadges';
import { WinnerBadge } from './_components/ComparisonPanel';

export const metadata: Metadata = { title: 'Models' };

const ALIASES = ['production', 'champion', 'challenger'] as const;

export default async function ModelsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  await requireMembership(orgId);
  const [models, projects, comparisons] = await Promise.all([
    load((api) => api.models.list(orgId, { limit: 100 })),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    load((api) => api.modelComparisons.list(orgId, { limit: 100 })),
  ]);
  const projectName = new Map(projects.items.map((p) => [p.id, p.name]));
  // Which version each alias points at, per project (an alias names one version per project).
  const byProject = new Map<string, Partial<Record<(typeof ALIASES)[number], ModelVersionView>>>();
  for (const m of models.items) {
    for (const a of m.aliases) {
      if (!(ALIASES as readonly string[]).includes(a)) continue;
      const row = byProject.get(m.projectId) ?? {};
      row[a as (typeof ALIASES)[number]] = m;
      byProject.set(m.projectId, row);
    }
  }
  const latestComparison = new Map<string, ModelComparisonView>();
  for (const c of comparisons.items) if (!latestComparison.has(c.projectId)) latestComparison.set(c.projectId, c);
  return (
    <>
      <PageHeader title="Models" description="The model registry: a version for every successful run, with its lineage, test metrics and aliases (champion, challenger, production)." />
      {models.items.length === 0 ? (
        <EmptyState title="No model versions yet">Every training run that succeeds registers a model version here.</EmptyState>
      ) : (
        <div className="stack">
          <section className="card" aria-label="Aliases by project">
            <div className="card-header">
              <h2>Aliases by project</h2>
            </div>
            {byProject.size === 0 ? (
              <div className="card-body">
                <p className="muted">No alias points at a version yet. Open a version to make it champion or production; retraining runs become challengers on their own.</p>
              </div>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Project</th>
                      {ALIASES.map((a) => (
                        <th key={a}>{a}</th>
                      ))}
                      <th>Latest comparison</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...byProject.entries()].map(([projectId, row]) => {
                      const c = latestComparison.get(projectId);
                      return (
                        <tr key={projectId} data-project={projectId}>
                          <td>{projectName.get(projectId) ?? projectId}</td>
                          {ALIASES.map((a) => (
                            <td key={a} data-alias={a}>
                              {row[a] ? <Link href={`/orgs/${orgId}/models/${row[a].id}`}>version {row[a].version}</Link> : <span className="muted">—</span>}
                            </td>
                          ))}
                          <td>
                            {c ? (
                              <>
                                <Link href={`/orgs/${orgId}/models/${c.challenger.modelVersionId}`}>
                                  v{c.challenger.version} vs {c.champion ? `v${c.champion.version}` : 'no champion'}
                                </Link>{' '}
                                <WinnerBadge c={c} /> {c.promoted ? <span className="badge badge-success">promoted</span> : null}
                              </>
                            ) : (
                              <span className="muted">none</span>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="card" aria-label="Model versions">
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
                        <td>
                          <AliasBadges aliases={m.aliases} />
                        </td>
                        <td>{typeof acc === 'number' ? acc.toFixed(3) : '—'}</td>
                        <td className="nowrap">{formatDateTime(m.createdAt)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        </div>
      )}
    </>
  );
}
