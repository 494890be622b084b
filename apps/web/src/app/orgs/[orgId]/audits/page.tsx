import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { VerdictBadge } from '../../../../components/audits/report';
import { NewAuditForm } from '../../../../components/audits/NewAuditForm';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Fairness audits' };

export default async function AuditsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  const [audits, projects] = await Promise.all([load((api) => api.fairnessAudits.list(orgId)), load((api) => api.projects.list(orgId, { limit: 100 }))]);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
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
                        <div className="row-sub">
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
        </section>
        {canWrite ? <NewAuditForm orgId={orgId} projects={projects.items.map((p) => ({ id: p.id, name: p.name }))} /> : null}
      </div>
    </>
  );
}
