import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { formatDateTime, PageHeader } from '../../../../../../components/ui';
import { load, requireMembership } from '../../../../../../lib/server-api';
import { describeConfig, KIND_LABELS } from '../_components/labels';
import { TimeChart } from '../_components/TimeChart';
import { TriggerActions } from '../_components/TriggerActions';
import { TriggerForm } from '../_components/TriggerForm';

export const metadata: Metadata = { title: 'Retraining trigger' };

const OUTCOME_TONE: Record<string, string> = { FIRED: 'badge-warning', BELOW: 'badge-success', SKIPPED: '', FAILED: 'badge-danger' };

export default async function RetrainingTriggerPage({ params }: { params: Promise<{ orgId: string; triggerId: string }> }) {
  const { orgId, triggerId } = await params;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const [trigger, checks, projects, datasets] = await Promise.all([
    load((api) => api.retrainingTriggers.get(orgId, triggerId)),
    load((api) => api.retrainingTriggers.checks(orgId, triggerId, 100)),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    load((api) => api.datasets.list(orgId, { limit: 200 })),
  ]);
  const project = projects.items.find((p) => p.id === trigger.projectId);
  let chart: { modelId: string; version: number; points: Array<{ t: string; v: number }> } | null = null;
  const cfg = trigger.config as { metric?: string; threshold?: number };
  if (trigger.kind === 'METRIC_THRESHOLD') {
    const models = await load((api) => api.models.list(orgId, { projectId: trigger.projectId, limit: 100 }));
    const prod = models.items.find((m) => m.aliases.includes('production'));
    if (prod) {
      const s = await load((api) => api.retrainingTriggers.metricSeries(orgId, prod.id, { metric: cfg.metric, points: 400 }));
      chart = { modelId: prod.id, version: prod.version, points: s.series[0]?.points ?? [] };
    }
  }
  return (
    <>
      <PageHeader
        title={trigger.name}
        crumbs={[
          { href: `/orgs/${orgId}/retraining`, label: 'Retraining' },
          { href: `/orgs/${orgId}/retraining/triggers`, label: 'Triggers' },
        ]}
        description={`${project?.name ?? trigger.projectId} · launches retraining when ${KIND_LABELS[trigger.kind].title}`}
      />
      <div className="stack">
        <section className="card card-body" aria-label="Trigger">
          <dl className="dl">
            <dt>Watches</dt>
            <dd>{describeConfig(trigger)}</dd>
            <dt>State</dt>
            <dd>{trigger.enabled ? <span className="badge badge-success">enabled</span> : <span className="badge">disabled</span>}</dd>
            <dt>Cooldown</dt>
            <dd>
              {trigger.cooldownMinutes} min{trigger.coolsDownAt ? ` (cooling down until ${formatDateTime(trigger.coolsDownAt)})` : ''}
            </dd>
            <dt>Last fired</dt>
            <dd>{trigger.lastFiredAt ? formatDateTime(trigger.lastFiredAt) : <span className="muted">Never</span>}</dd>
            <dt>Launched / judged</dt>
            <dd>
              {trigger.checks.fired} / {trigger.checks.total}
            </dd>
          </dl>
          <p className="muted">{KIND_LABELS[trigger.kind].help}</p>
        </section>
        {canWrite ? (
          <section className="card card-body" aria-label="Actions">
            <TriggerActions orgId={orgId} trigger={trigger} />
          </section>
        ) : null}
        {chart ? (
          <section className="card card-body" aria-label="Production metric">
            <h2>
              {cfg.metric} of the production model (<Link href={`/orgs/${orgId}/models/${chart.modelId}`}>version {chart.version}</Link>)
            </h2>
            <TimeChart title={cfg.metric ?? 'metric'} points={chart.points} thresholds={typeof cfg.threshold === 'number' ? [{ label: 'threshold', value: cfg.threshold }] : []} />
          </section>
        ) : trigger.kind === 'METRIC_THRESHOLD' ? (
          <p className="muted">No model of this project holds the production alias: metric triggers watch the production model.</p>
        ) : null}
        <section className="card" aria-label="Checks">
          <div className="card-header">
            <h2>What it judged and launched</h2>
            <p>One row per piece of evidence (dataset version, drift check, metric window, satisfaction signal), newest first.</p>
          </div>
          {checks.length === 0 ? (
            <div className="card-body">
              <p className="muted">Nothing judged yet.</p>
            </div>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Outcome</th>
                    <th>Score / threshold</th>
                    <th>What happened</th>
                    <th>Retraining</th>
                    <th>Risk</th>
                  </tr>
                </thead>
                <tbody>
                  {checks.map((c) => (
                    <tr key={c.id}>
                      <td className="nowrap">{formatDateTime(c.createdAt)}</td>
                      <td>
                        <span className={`badge ${OUTCOME_TONE[c.outcome] ?? ''}`}>{c.outcome.toLowerCase()}</span>
                      </td>
                      <td>{c.score !== null ? `${c.score}${c.threshold !== null ? ` / ${c.threshold}` : ''}` : '—'}</td>
                      <td>
                        {c.message}
                        {Array.isArray((c.detail as { report?: { drifted?: string[] } } | null)?.report?.drifted) && (c.detail as { report: { drifted: string[] } }).report.drifted.length ? (
                          <div className="muted">Drifted columns (pipeline verdict): {(c.detail as { report: { drifted: string[] } }).report.drifted.join(', ')}</div>
                        ) : null}
                      </td>
                      <td>{c.runId ? <Link href={`/orgs/${orgId}/runs/${c.runId}`}>run ({c.launchStatus?.toLowerCase()})</Link> : c.launchStatus ? c.launchStatus.toLowerCase() : '—'}</td>
                      <td>{c.riskId ? <Link href={`/orgs/${orgId}/risks/${c.riskId}`}>risk</Link> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {canWrite ? (
          <section aria-label="Edit">
            <h2>Edit</h2>
            <TriggerForm orgId={orgId} projects={projects.items.map((p) => ({ id: p.id, name: p.name }))} datasets={datasets.items.map((d) => ({ id: d.id, name: d.name, projectId: d.projectId }))} trigger={trigger} />
          </section>
        ) : null}
      </div>
    </>
  );
}
