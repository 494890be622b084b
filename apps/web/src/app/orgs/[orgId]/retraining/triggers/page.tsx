import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../../components/ui';
import { load, requireMembership } from '../../../../../lib/server-api';
import { describeConfig, KIND_LABELS } from './_components/labels';
import { TimeChart } from './_components/TimeChart';
import { TriggerForm } from './_components/TriggerForm';

export const metadata: Metadata = { title: 'Retraining triggers' };

export default async function RetrainingTriggersPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const [triggers, projects, datasets, models] = await Promise.all([
    load((api) => api.retrainingTriggers.list(orgId)),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    load((api) => api.datasets.list(orgId, { limit: 200 })),
    load((api) => api.models.list(orgId, { limit: 100 })),
  ]);
  const projectName = new Map(projects.items.map((p) => [p.id, p.name]));
  const production = models.items.filter((m) => m.aliases.includes('production')).slice(0, 10);
  const series = await Promise.all(production.map((m) => load((api) => api.retrainingTriggers.metricSeries(orgId, m.id, { points: 300 }))));
  return (
    <>
      <PageHeader
        title="Retraining triggers"
        crumbs={[{ href: `/orgs/${orgId}/retraining`, label: 'Retraining' }]}
        description="Rules that launch retraining on their own: a new dataset version, a production metric crossing a threshold, drift between the training data and new data, or a drop in user satisfaction. Each piece of evidence launches once; a cooldown spaces out the rest."
      />
      {canWrite ? (
        <div style={{ marginBottom: '1rem' }}>
          <TriggerForm orgId={orgId} projects={projects.items.map((p) => ({ id: p.id, name: p.name }))} datasets={datasets.items.map((d) => ({ id: d.id, name: d.name, projectId: d.projectId }))} />
        </div>
      ) : null}
      {triggers.length === 0 ? (
        <EmptyState title="No retraining triggers yet">Create one to retrain when new data arrives, when the production model degrades or drifts, or when users grow unhappy.</EmptyState>
      ) : (
        <section className="card" aria-label="Triggers">
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Trigger</th>
                  <th>Project</th>
                  <th>When</th>
                  <th>Watches</th>
                  <th>State</th>
                  <th>Last fired</th>
                  <th>Launched / judged</th>
                </tr>
              </thead>
              <tbody>
                {triggers.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link href={`/orgs/${orgId}/retraining/triggers/${t.id}`}>{t.name}</Link>
                    </td>
                    <td>{projectName.get(t.projectId) ?? t.projectId}</td>
                    <td>{KIND_LABELS[t.kind].title}</td>
                    <td>{describeConfig(t)}</td>
                    <td>
                      {t.enabled ? <span className="badge badge-success">enabled</span> : <span className="badge">disabled</span>}
                      {t.coolsDownAt ? <span className="muted"> cooling down until {formatDateTime(t.coolsDownAt)}</span> : null}
                    </td>
                    <td className="nowrap">{t.lastFiredAt ? formatDateTime(t.lastFiredAt) : '—'}</td>
                    <td>
                      {t.checks.fired} / {t.checks.total}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <section className="card" aria-label="Production metrics" style={{ marginTop: '1rem' }}>
        <div className="card-header">
          <h2>Production metrics</h2>
          <p>Reported for the model in production through POST /api/orgs/{'{orgId}'}/models/{'{modelId}'}/production-metrics (SDK: retrainingTriggers.reportMetrics); metric triggers average them over their window.</p>
        </div>
        <div className="card-body stack">
          {production.length === 0 ? <p className="muted">No model holds the production alias yet.</p> : null}
          {production.map((m, i) => {
            const s = series[i];
            return (
              <div key={m.id}>
                <h3>
                  <Link href={`/orgs/${orgId}/models/${m.id}`}>
                    {projectName.get(m.projectId) ?? m.projectId} · model version {m.version}
                  </Link>
                </h3>
                {s.series.length === 0 ? <p className="muted">No production metrics reported for this version yet.</p> : null}
                {s.series.map((x) => (
                  <TimeChart key={x.metric} title={x.metric} points={x.points} thresholds={s.thresholds.filter((t) => t.metric === x.metric).map((t) => ({ label: t.name, value: t.threshold }))} />
                ))}
              </div>
            );
          })}
        </div>
      </section>
    </>
  );
}
