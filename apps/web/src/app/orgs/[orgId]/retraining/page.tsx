import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';
import { CATCH_UP_LABELS, causeText, formatInZone, STATUS_BADGE } from './_components/labels';
import { PolicyForm } from './_components/PolicyForm';
import { ScheduleActions } from './_components/ScheduleActions';
import { ScheduleForm } from './_components/ScheduleForm';

export const metadata: Metadata = { title: 'Retraining' };

/** IANA zones this server knows (the browser lists the same names), UTC first. */
function timeZones(extra: string[]): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', ...extra, ...all])];
}

export default async function RetrainingPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ cursor?: string; projectId?: string }> }) {
  const { orgId } = await params;
  const sp = await searchParams;
  const historyProject = sp.projectId || undefined;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const canSetPolicy = roleAtLeast(membership.role, 'ADMIN');
  const [schedules, events, projects, runs, datasets] = await Promise.all([
    load((api) => api.retraining.listSchedules(orgId)),
    load((api) => api.retraining.events(orgId, { limit: 50, cursor: sp.cursor || undefined, projectId: historyProject })),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    load((api) => api.runs.list(orgId, { status: 'SUCCEEDED', limit: 100 })),
    load((api) => api.datasets.list(orgId, { limit: 200 })),
  ]);
  const policies = await Promise.all(projects.items.map((p) => load((api) => api.retraining.getPolicy(orgId, p.id))));
  const projectOptions = projects.items.map((p) => ({ id: p.id, name: p.name }));
  const runOptions = runs.items.filter((r) => !r.external).map((r) => ({ id: r.id, name: r.name, projectId: r.projectId }));
  const datasetOptions = datasets.items.map((d) => ({ id: d.id, name: d.name, projectId: d.projectId }));
  const zones = timeZones(schedules.map((s) => s.timezone));
  const projectName = new Map(projects.items.map((p) => [p.id, p.name]));
  const base = `/orgs/${orgId}`;

  return (
    <>
      <PageHeader
        title="Retraining"
        description="Retrain models on a schedule or when something changes. Every launch copies a template run (by default the champion’s) onto the newest data, within the project’s limit of retrainings at once, and is recorded below with what it did and why."
        actions={
          <Link className="btn" href={`${base}/retraining/triggers`}>
            Triggers →
          </Link>
        }
      />

      <section className="card" aria-label="Schedules" style={{ marginBottom: '1rem' }}>
        <div className="card-header">
          <h2>Schedules</h2>
          <p>Cron schedules read in their own time zone. Paused schedules do not fire; slots missed while nothing ran follow the schedule’s catch-up choice.</p>
        </div>
        <div className="card-body">
          {canWrite ? <ScheduleForm orgId={orgId} projects={projectOptions} runs={runOptions} datasets={datasetOptions} timeZones={zones} /> : null}
        </div>
        {schedules.length === 0 ? (
          <EmptyState title="No retraining schedules yet">Create one to retrain a project’s champion on its newest data every night, every week, or on any cron.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>Project</th>
                  <th>When</th>
                  <th>Next runs</th>
                  <th>Missed runs</th>
                  <th>Last launch</th>
                  {canWrite ? <th>Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {schedules.map((s) => (
                  <tr key={s.id} data-schedule={s.name}>
                    <td>
                      <strong>{s.name}</strong>
                      <div>{s.paused ? <span className="badge badge-warning">paused</span> : <span className="badge badge-success">active</span>}</div>
                    </td>
                    <td>{projectName.get(s.projectId) ?? s.projectName}</td>
                    <td>
                      <code>{s.cron}</code>
                      <div className="muted">
                        {s.description} · {s.timezone}
                      </div>
                    </td>
                    <td className="nowrap">
                      {s.nextRuns.length ? (
                        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                          {s.nextRuns.map((t) => (
                            <li key={t}>{formatInZone(t, s.timezone)}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">none while paused</span>
                      )}
                    </td>
                    <td>{CATCH_UP_LABELS[s.catchUp].title}</td>
                    <td>
                      {s.lastEvent ? (
                        <>
                          <span className={STATUS_BADGE[s.lastEvent.status]}>{s.lastEvent.status.toLowerCase()}</span>
                          <div className="muted nowrap">{formatDateTime(s.lastEvent.createdAt)}</div>
                        </>
                      ) : (
                        <span className="muted">never</span>
                      )}
                    </td>
                    {canWrite ? (
                      <td>
                        <ScheduleActions orgId={orgId} schedule={s} projects={projectOptions} runs={runOptions} datasets={datasetOptions} timeZones={zones} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-label="Retraining triggers" style={{ marginBottom: '1rem' }}>
        <div className="card-header">
          <h2>Triggers</h2>
          <p>
            Retrain when a new dataset version arrives, when a production metric crosses a threshold, on data drift, or when user satisfaction drops: <Link href={`${base}/retraining/triggers`}>manage triggers</Link>. Their launches appear in the history below.
          </p>
        </div>
      </section>

      <section className="card" aria-label="Retraining policy" style={{ marginBottom: '1rem' }}>
        <div className="card-header">
          <h2>Policy</h2>
          <p>Per project: how many retrainings may run at once, and what happens when a challenger beats the champion.</p>
        </div>
        <div className="card-body">
          <PolicyForm orgId={orgId} projects={projectOptions} policies={policies} canWrite={canSetPolicy} canLaunch={canWrite} />
        </div>
      </section>

      <section className="card" aria-label="Retraining history">
        <div className="card-header">
          <h2>History</h2>
          <p>Every retraining launch, newest first: what caused it, what happened, the run it started and how the challenger compared with the champion.</p>
        </div>
        {projects.items.length > 1 ? (
          <nav aria-label="Filter history by project" className="actions card-body">
            <Link className={`btn btn-sm${historyProject ? '' : ' btn-primary'}`} href={`${base}/retraining`}>
              All projects
            </Link>
            {projects.items.map((p) => (
              <Link key={p.id} className={`btn btn-sm${historyProject === p.id ? ' btn-primary' : ''}`} href={`${base}/retraining?projectId=${p.id}`}>
                {p.name}
              </Link>
            ))}
          </nav>
        ) : null}
        {events.items.length === 0 ? (
          <EmptyState title="Nothing launched yet">Schedules, “Run now” and triggers record each launch here, including the ones skipped by the concurrency limit.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Project</th>
                  <th>Cause</th>
                  <th>Outcome</th>
                  <th>Run</th>
                  <th>Challenger vs champion</th>
                </tr>
              </thead>
              <tbody>
                {events.items.map((e) => (
                  <tr key={e.id} data-event={e.id}>
                    <td className="nowrap">
                      {formatDateTime(e.createdAt)}
                      {e.scheduledFor ? <div className="muted">slot {formatDateTime(e.scheduledFor)}</div> : null}
                    </td>
                    <td>{projectName.get(e.projectId) ?? e.projectId}</td>
                    <td>{e.triggerId ? <Link href={`${base}/retraining/triggers/${e.triggerId}`}>{causeText(e)}</Link> : causeText(e)}</td>
                    <td>
                      <span className={STATUS_BADGE[e.status]}>{e.status.toLowerCase()}</span>
                      <div className="muted">{e.message}</div>
                    </td>
                    <td>
                      {e.run ? (
                        <>
                          <Link href={`${base}/runs/${e.run.id}`}>{e.run.name}</Link>
                          <div className="muted">{e.run.status.toLowerCase()}</div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {e.comparison ? (
                        <>
                          {e.comparison.metric ?? 'metric'}: {e.comparison.challengerValue?.toFixed(3) ?? '—'} vs {e.comparison.championValue?.toFixed(3) ?? '—'}
                          <div className="muted">
                            {e.comparison.status.toLowerCase()}
                            {e.comparison.winner ? ` · winner: ${e.comparison.winner.toLowerCase()}` : ''}
                            {e.comparison.promoted ? ' · promoted' : ''}
                          </div>
                          {e.comparison.decision ? <div className="muted">{e.comparison.decision}</div> : null}
                        </>
                      ) : e.run?.modelVersionId ? (
                        <Link href={`${base}/models/${e.run.modelVersionId}`}>model</Link>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {sp.cursor || events.nextCursor ? (
          <div className="actions card-body">
            {sp.cursor ? (
              <Link className="btn btn-sm" href={`${base}/retraining${historyProject ? `?projectId=${historyProject}` : ''}`}>
                ← Newest
              </Link>
            ) : null}
            {events.nextCursor ? (
              <Link className="btn btn-sm" href={`${base}/retraining?cursor=${encodeURIComponent(events.nextCursor)}${historyProject ? `&projectId=${historyProject}` : ''}`}>
                Older →
              </Link>
            ) : null}
          </div>
        ) : null}
      </section>
    </>
  );
}
