import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { formatDateTime, PageHeader } from '../../../../../components/ui';
import { GroupBars, Headline, Mitigation, ParityTable, VerdictBadge } from '../../../../../components/audits/report';
import { AuditLive } from '../../../../../components/audits/AuditLive';
import { ReviewForm } from '../../../../../components/audits/ReviewForm';
import { ExceptionForm } from '../../../../../components/audits/ExceptionForm';
import { load, requireMembership } from '../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Fairness audit' };

export default async function AuditPage({ params }: { params: Promise<{ orgId: string; auditId: string }> }) {
  const { orgId, auditId } = await params;
  const { membership } = await requireMembership(orgId);
  const a = await load((api) => api.fairnessAudits.get(orgId, auditId));
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const running = a.status === 'QUEUED' || a.status === 'RUNNING';
  const r = a.result;
  return (
    <>
      <AuditLive running={running} />
      <PageHeader
        title={`Audit of ${a.source.fileName}`}
        crumbs={[{ href: `/orgs/${orgId}/audits`, label: 'Fairness audits' }]}
        description={`${a.projectName} · sensitive: ${a.sensitive.join(' × ')} · ${formatDateTime(a.createdAt)}`}
        actions={
          <>
            <VerdictBadge verdict={a.verdict} />
            {a.status === 'SUCCEEDED' ? (
              <a className="btn btn-sm" href={`/api/orgs/${orgId}/fairness-audits/${a.id}/report.pdf`} download>
                Download PDF
              </a>
            ) : null}
          </>
        }
      />
      <div className="stack">
        {running ? (
          <div className="alert alert-info" role="status">
            The audit is {a.status === 'RUNNING' ? 'running' : 'queued'}; this page updates by itself.
          </div>
        ) : null}
        {a.status === 'FAILED' && a.error ? (
          <div className="alert alert-error" role="alert">
            The audit could not run: {a.error.message}
          </div>
        ) : null}
        {a.status === 'SUCCEEDED' ? (
          <section className="card card-body" aria-label="Verdict">
            <h2>
              Verdict: <VerdictBadge verdict={a.verdict} />
            </h2>
            {a.reasons.length ? (
              <ul aria-label="Reasons">
                {a.reasons.map((x) => (
                  <li key={`${x.code}:${x.path}`} data-severity={x.severity}>
                    <strong>{x.severity === 'FAIL' ? 'Fails' : 'Warning'}:</strong> {x.message}
                  </li>
                ))}
              </ul>
            ) : (
              <p>Every gating parity flag holds and the differences are within the policy.</p>
            )}
            {a.riskId ? (
              <p>
                Raised in the risk register: <Link href={`/orgs/${orgId}/risks/${a.riskId}`}>fairness risk</Link>.
              </p>
            ) : null}
            <p className="muted" style={{ fontSize: '0.8rem' }}>
              Policy: τ {r ? String(r.aequitas.tau) : '—'}, gating parity on {a.policy ? a.policy.parityMetrics.join(', ') : '—'}; max demographic parity difference {a.policy ? String(a.policy.maxDemographicParityDifference) : '—'}, max equalized odds difference{' '}
              {a.policy ? String(a.policy.maxEqualizedOddsDifference) : '—'}.
            </p>
            <p data-gate-eligible={String(a.gateEligible)} style={{ fontSize: '0.9rem' }}>
              {a.gateEligible ? (
                <>Counted by the promotion gate: an audit of the model version itself under the project’s fairness policy.</>
              ) : (
                <>Not counted by the promotion gate: {a.gateNotes.join('; ')}.</>
              )}
            </p>
          </section>
        ) : null}
        {a.status === 'SUCCEEDED' ? (
          <section className="card card-body" aria-label="Lineage">
            <h2>Lineage</h2>
            <dl className="stack" style={{ gap: '0.25rem' }}>
              <dt>{a.lineage.datasetVersion ? 'Dataset version' : 'Predictions file'}</dt>
              <dd data-lineage="data">
                {a.lineage.datasetVersion ? (
                  <>
                    <Link href={a.lineage.datasetVersion.url}>
                      {a.lineage.datasetVersion.datasetName} v{a.lineage.datasetVersion.version}
                    </Link>{' '}
                    · {a.lineage.datasetVersion.fileName} · sha256 <code>{a.lineage.datasetVersion.contentHash.slice(0, 16)}…</code> · {a.source.rows?.toLocaleString('en-US') ?? '?'} rows (the model predicted on every row)
                  </>
                ) : (
                  <>
                    {a.source.fileName} · sha256 <code>{a.source.sha256.slice(0, 16)}…</code> · {a.source.rows?.toLocaleString('en-US') ?? '?'} rows (uploaded predictions)
                  </>
                )}
              </dd>
              <dt>Training run</dt>
              <dd data-lineage="run">{a.lineage.run ? <Link href={a.lineage.run.url}>{a.lineage.run.name}</Link> : '—'}</dd>
              <dt>Model version</dt>
              <dd data-lineage="model">
                {a.lineage.modelVersion ? (
                  <>
                    <Link href={a.lineage.modelVersion.url}>v{a.lineage.modelVersion.version}</Link> (<Link href={`/orgs/${orgId}/model-cards/${a.lineage.modelVersion.id}`}>model card</Link>)
                    {a.source.kind === 'PREDICTIONS_UPLOAD' ? ' · named by the uploader, not verified against the file' : ''}
                  </>
                ) : a.modelVersionId ? (
                  'deleted since the audit'
                ) : (
                  'none (uploaded predictions)'
                )}
              </dd>
            </dl>
          </section>
        ) : null}
        {r ? (
          <>
            <section className="card card-body" aria-label="Per-group metrics">
              <div className="form-row">
                <GroupBars result={r} metric="selectionRate" title="Selection rate" />
                <GroupBars result={r} metric="truePositiveRate" title="True positive rate" />
              </div>
            </section>
            <section className="card card-body" aria-label="Fairness metrics">
              <h2>Fairness metrics</h2>
              <Headline result={r} />
            </section>
            <section className="card" aria-label="Disparities and parity flags">
              <div className="card-header">
                <h2>Disparities and parity flags</h2>
              </div>
              <ParityTable result={r} />
            </section>
          </>
        ) : null}
        {a.mitigation ? (
          <section className="card card-body" aria-label="Mitigation">
            <h2>Mitigation</h2>
            <Mitigation m={a.mitigation} />
          </section>
        ) : null}
        {r && r.notes.length ? (
          <section className="card card-body" aria-label="Notes">
            <h2>Notes on undefined values</h2>
            <ul>
              {r.notes.slice(0, 50).map((n) => (
                <li key={n.path}>
                  <code>{n.path}</code>: {n.message}
                </li>
              ))}
            </ul>
            {r.notes.length > 50 ? <p className="muted">…and {r.notes.length - 50} more (see the API response).</p> : null}
          </section>
        ) : null}
        {a.status === 'SUCCEEDED' && (a.verdict === 'FAIL' || a.verdict === 'WARN') ? (
          <section className="card card-body" aria-label="Promotion exception">
            <h2>Promotion to production</h2>
            {a.source.kind !== 'MODEL_VERSION' ? (
              <p className="muted">Uploaded predictions never gate a promotion (anyone can write such a file). Audit the model version itself on a dataset version to gate it.</p>
            ) : (
              <>
                {a.exception ? (
                  <p data-exception="accepted">
                    <strong>Exception accepted</strong> by {a.exception.byName ?? a.exception.byId} on {formatDateTime(a.exception.at)}: “{a.exception.justification}”. The promotion gate lets this model version through despite the {a.verdict === 'FAIL' ? 'failed' : 'warning'} audit.
                  </p>
                ) : (
                  <p data-exception="none">
                    {a.verdict === 'FAIL'
                      ? 'While this is the latest finished audit of the model version, the promotion gate refuses production: mitigate and audit again, or an owner accepts an exception with a justification.'
                      : 'In a high-risk project (EU AI Act tier HIGH) the promotion gate needs a passed audit: audit again, or an owner accepts an exception.'}
                  </p>
                )}
                {membership.role === 'OWNER' ? (
                  <ExceptionForm orgId={orgId} auditId={a.id} accepted={!!a.exception} />
                ) : (
                  <p className="muted" data-exception-denied="true">
                    Only an owner of the organisation can {a.exception ? 'withdraw' : 'accept'} an exception (your role: {membership.role.toLowerCase()}); ask an owner to review this audit.
                  </p>
                )}
              </>
            )}
          </section>
        ) : null}
        {a.status === 'SUCCEEDED' ? (
          <section className="card card-body" aria-label="Ethics review">
            <h2>Ethics review</h2>
            {a.review ? (
              <p data-review={a.review.decision}>
                <strong>{a.review.decision.replace(/_/g, ' ').toLowerCase()}</strong> by {a.review.reviewerName ?? a.review.reviewerId} on {formatDateTime(a.review.at)}: {a.review.note}
              </p>
            ) : (
              <p className="muted">Not reviewed yet.</p>
            )}
            {canWrite ? <ReviewForm orgId={orgId} auditId={a.id} /> : null}
          </section>
        ) : null}
      </div>
    </>
  );
}
