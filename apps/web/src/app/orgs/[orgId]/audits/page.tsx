import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { VerdictBadge } from '../../../../components/audits/report';
import { NewAuditForm } from '../../../../components/audits/NewAuditForm';
import { NewModelAuditForm } from '../../../../components/audits/NewModelAuditForm';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Fairness audits' };

export default async function AuditsPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { orgId } = await params;
  const sp = await searchParams;
  // One keyset page, newest first; `cursor` is the API's nextCursor of the page before.
  const cursor = sp.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(sp.cursor) ? sp.cursor : undefined;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const [audits, projects, models, datasets] = await Promise.all([
    load((api) => api.fairnessAudits.list(orgId, { limit: 50, cursor })),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    canWrite ? load((api) => api.models.list(orgId, { limit: 100 })) : Promise.resolve({ items: [], nextCursor: null }),
    canWrite ? load((api) => api.datasets.list(orgId, { limit: 100 })) : Promise.resolve({ items: [], nextCursor: null }),
  ]);
  return (
    <>
      <PageHeader title="Fairness audits" description="Evidence that a model treats groups of people fairly enough: group metrics, parity flags, a pass/warn/fail verdict, mitigation and the ethics review." />
      <div className="stack">
        <section className="card" aria-label="Audit list">
          {audits.items.length === 0 ? (
            <EmptyState icon="F" title="No audits yet">
              <p>Upload a predictions file below, or run <code>meridian audit</code> locally with the same options.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Predictions</th>
                    <th scope="col">Verdict</th>
                    <th scope="col">Sensitive</th>
                    <th scope="col">Review</th>
                    <th scope="col">Run</th>
                  </tr>
                </thead>
                <tbody>
                  {audits.items.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link className="row-title" href={`/orgs/${orgId}/audits/${a.id}`}>
                          {a.source.fileName}
                        </Link>
                        {a.exception ? <span className="badge" style={{ marginLeft: '0.5rem' }} data-exception="accepted">Exception accepted</span> : null}
                        <div className="row-sub">
                          {a.source.kind === 'MODEL_VERSION' ? 'Model version on dataset · ' : ''}
                          {a.projectName}
                          {a.source.rows !== null ? ` · ${a.source.rows.toLocaleString('en-US')} rows` : ''}
                        </div>
                      </td>
                      <td className="nowrap">{a.status === 'SUCCEEDED' ? <VerdictBadge verdict={a.verdict} /> : a.status === 'FAILED' ? <span className="badge badge-danger">Error</span> : <span className="badge">{a.status === 'RUNNING' ? 'Running' : 'Queued'}</span>}</td>
                      <td>{a.sensitive.join(' × ')}</td>
                      <td className="nowrap">{a.review ? `${a.review.decision.toLowerCase().replace(/_/g, ' ')} by ${a.review.reviewerName ?? 'a reviewer'}` : <span className="muted">Not reviewed</span>}</td>
                      <td className="nowrap muted">{formatDateTime(a.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {cursor || audits.nextCursor ? (
            <nav className="card-body" aria-label="Audit pages" style={{ display: 'flex', gap: '1rem' }}>
              {cursor ? <Link href={`/orgs/${orgId}/audits`}>First page</Link> : null}
              {audits.nextCursor ? (
                <Link href={`/orgs/${orgId}/audits?cursor=${audits.nextCursor}`} rel="next">
                  Next page
                </Link>
              ) : (
                <span className="muted">Last page</span>
              )}
            </nav>
          ) : null}
        </section>
        {canWrite ? (
          <NewModelAuditForm
            orgId={orgId}
            projects={projects.items.map((p) => ({ id: p.id, name: p.name }))}
            models={models.items.map((m) => ({ id: m.id, projectId: m.projectId, label: `v${m.version}${m.aliases.length ? ` (${m.aliases.join(', ')})` : ''} · ${m.createdAt.slice(0, 10)}` }))}
            data={datasets.items
              .filter((d) => d.latestVersion)
              .map((d) => ({
                id: d.latestVersion!.id,
                projectId: d.projectId,
                label: `${d.name} v${d.latestVersion!.version} (${d.latestVersion!.fileName})`,
                columns: d.latestVersion!.columns?.columns.map((c) => c.name) ?? [],
                targetColumn: d.latestVersion!.targetColumn,
              }))}
          />
        ) : null}
        {canWrite ? <NewAuditForm orgId={orgId} projects={projects.items.map((p) => ({ id: p.id, name: p.name }))} /> : null}
      </div>
    </>
  );
}
