import type { Metadata } from 'next';
import Link from 'next/link';
import { RISK_LABELS, roleAtLeast } from '@meridian/domain';
import { formatDate, formatDateTime, PageHeader } from '../../../../../components/ui';
import { LevelBadge, riskStyles } from '../../../../../components/risks/ui';
import { RiskActions } from '../../../../../components/risks/RiskActions';
import { load, requireMembership } from '../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Risk' };

export default async function RiskPage({ params }: { params: Promise<{ orgId: string; riskId: string }> }) {
  const { orgId, riskId } = await params;
  const { membership } = await requireMembership(orgId);
  const [risk, members] = await Promise.all([load((api) => api.risks.get(orgId, riskId)), load((api) => api.members.list(orgId))]);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  return (
    <>
      <PageHeader title={risk.title} crumbs={[{ href: `/orgs/${orgId}/risks`, label: 'Risks' }]} description={`${risk.projectName} · ${RISK_LABELS.category[risk.category]}`} />
      <div className="stack">
        <section className="card card-body" aria-label="Assessment">
          <dl className="dl">
            <dt>Status</dt>
            <dd>{RISK_LABELS.status[risk.status]}</dd>
            <dt>Inherent</dt>
            <dd>
              likelihood {risk.likelihood} × impact {risk.impact} = <LevelBadge level={risk.level} score={risk.score} />
            </dd>
            <dt>Residual</dt>
            <dd>
              likelihood {risk.residualLikelihood} × impact {risk.residualImpact} = <LevelBadge level={risk.residualLevel} score={risk.residualScore} />
            </dd>
            <dt>Response</dt>
            <dd>{risk.response ? RISK_LABELS.response[risk.response] : <span className="muted">Not decided</span>}</dd>
            <dt>Owner</dt>
            <dd>{risk.ownerName ?? <span className="muted">Unowned</span>}</dd>
            <dt>Review date</dt>
            <dd>
              {risk.reviewDate ? formatDate(risk.reviewDate) : <span className="muted">None</span>}
              {risk.overdue ? <span className={riskStyles.overdue}> — overdue{risk.overdue.daysOverdue ? ` by ${risk.overdue.daysOverdue} days` : ''}</span> : null}
            </dd>
            {risk.evidence ? (
              <>
                <dt>Evidence</dt>
                <dd>
                  {risk.fairnessAuditId ? <Link href={`/orgs/${orgId}/audits/${risk.fairnessAuditId}`}>{risk.evidence.label}</Link> : risk.evidence.label}
                </dd>
              </>
            ) : null}
          </dl>
          {risk.description ? <p style={{ whiteSpace: 'pre-wrap' }}>{risk.description}</p> : null}
        </section>
        {canWrite ? (
          <section className="card card-body" aria-label="Actions">
            <RiskActions orgId={orgId} risk={risk} members={members.map((m) => ({ userId: m.userId, name: m.name }))} />
          </section>
        ) : null}
        <section className="card" aria-label="History">
          <div className="card-header">
            <h2>History</h2>
          </div>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Change</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {risk.history.map((h) => (
                  <tr key={h.id}>
                    <td className="nowrap muted">{formatDateTime(h.at)}</td>
                    <td className="nowrap">{h.actorName ?? 'Meridian'}</td>
                    <td className="nowrap">{h.from ? `${RISK_LABELS.status[h.from]} → ${RISK_LABELS.status[h.to]}` : `Recorded as ${RISK_LABELS.status[h.to]}`}</td>
                    <td>{h.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}
