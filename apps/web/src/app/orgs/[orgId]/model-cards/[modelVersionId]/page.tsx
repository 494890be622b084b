import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { formatDate, formatDateTime, PageHeader } from '../../../../../components/ui';
import { VerdictBadge } from '../../../../../components/audits/report';
import { LevelBadge } from '../../../../../components/risks/ui';
import { NotesForm } from '../../../../../components/model-cards/NotesForm';
import { PrintButton } from '../../../../../components/model-cards/PrintButton';
import styles from '../../../../../components/model-cards/card.module.css';
import { load, requireMembership } from '../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Model card' };

const num = (v: unknown, d = 4) => (typeof v === 'number' ? (Math.round(v * 10 ** d) / 10 ** d).toString() : '—');

/** Top-level numeric test metrics (accuracy, f1, auc, loss...) and the macro averages, in a flat list. */
function metricRows(test: Record<string, unknown> | null): Array<[string, number]> {
  if (!test) return [];
  const rows: Array<[string, number]> = [];
  for (const [k, v] of Object.entries(test)) if (typeof v === 'number') rows.push([k, v]);
  const macro = test.macro as Record<string, unknown> | undefined;
  if (macro) for (const [k, v] of Object.entries(macro)) if (typeof v === 'number') rows.push([`macro ${k}`, v]);
  return rows;
}

export default async function ModelCardPage({ params }: { params: Promise<{ orgId: string; modelVersionId: string }> }) {
  const { orgId, modelVersionId } = await params;
  const { membership } = await requireMembership(orgId);
  const card = await load((api) => api.modelCards.get(orgId, modelVersionId));
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const { project, data, fairness } = card;
  const dv = data.datasetVersion;
  const metrics = metricRows(card.metrics.test);
  return (
    <div className={styles.card}>
      <PageHeader
        title={`Model card · ${project.name} v${card.modelVersion.version}`}
        crumbs={[
          { href: `/orgs/${orgId}/models`, label: 'Models' },
          { href: `/orgs/${orgId}/models/${card.modelVersion.id}`, label: `Version ${card.modelVersion.version}` },
        ]}
        description={`Generated ${formatDateTime(card.generatedAt)} from the registry, the data lineage, the fairness audits and the risk register. JSON: /api/orgs/${orgId}/model-cards/${card.modelVersion.id}`}
        actions={
          <span className={styles.noPrint}>
            <PrintButton />
          </span>
        }
      />
      <div className="stack">
        <section className="card card-body" aria-label="Model details">
          <h2>Model details</h2>
          <dl className={styles.kv}>
            <dt>Model version</dt>
            <dd>
              v{card.modelVersion.version} · registered {formatDate(card.modelVersion.createdAt)}
              {card.modelVersion.aliases.length ? ` · aliases: ${card.modelVersion.aliases.join(', ')}` : ''}
            </dd>
            <dt>Spec hash</dt>
            <dd>
              <code>{card.modelVersion.specHash?.slice(0, 16) ?? '—'}</code>
            </dd>
            <dt>Project</dt>
            <dd>{project.name}</dd>
            <dt>EU AI Act tier</dt>
            <dd data-ai-act-tier={project.aiActTier ?? ''}>
              {project.aiActTier ? `${project.aiActTier.toLowerCase()}${project.aiActRationale ? ` — ${project.aiActRationale}` : ''}` : 'not set'}
            </dd>
          </dl>
        </section>

        <section className="card card-body" aria-label="Intended use">
          <h2>Intended use</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{card.intendedUse.summary || <span className="muted">Not written yet.</span>}</p>
          {!card.intendedUse.fromNotes && card.intendedUse.summary ? <p className="muted">From the project’s goal and description; write the model’s own below.</p> : null}
          {card.intendedUse.outOfScopeUse ? (
            <>
              <h3>Out of scope</h3>
              <p style={{ whiteSpace: 'pre-wrap' }}>{card.intendedUse.outOfScopeUse}</p>
            </>
          ) : null}
        </section>

        <section className="card card-body" aria-label="Data">
          <h2>Data</h2>
          <dl className={styles.kv}>
            <dt>Training run</dt>
            <dd>{data.run ? <Link href={`/orgs/${orgId}/runs/${data.run.id}`}>{data.run.name}</Link> : '—'}{data.run ? ` · ${data.run.preset ?? 'custom spec'}, label ${data.run.labelColumn ?? '—'}` : ''}</dd>
            <dt>Dataset version</dt>
            <dd>{dv ? `${dv.datasetName} v${dv.version} · ${dv.fileName} · ${dv.rowCount?.toLocaleString('en-US') ?? '?'} rows · sha256 ${dv.contentHash.slice(0, 12)}…` : 'not recorded'}</dd>
            {dv ? (
              <>
                <dt>Source and licence</dt>
                <dd>
                  {dv.source.toLowerCase()} · {dv.licence || 'no licence recorded'}
                </dd>
                <dt>Personal data</dt>
                <dd>
                  {dv.containsPersonalData ? `yes${dv.anonymised ? ' (anonymised)' : ''}` : 'no'}
                  {dv.legalBasis ? ` · legal basis: ${dv.legalBasis}` : ''}
                  {dv.retentionUntil ? ` · kept until ${formatDate(dv.retentionUntil)}` : ''}
                </dd>
              </>
            ) : null}
            <dt>Inputs</dt>
            <dd>{data.inputs.length ? data.inputs.map((c) => `${c.name} (${c.type})`).join(', ') : '—'}</dd>
          </dl>
        </section>

        <section className="card card-body" aria-label="Metrics">
          <h2>Metrics (test split)</h2>
          {metrics.length ? (
            <dl className={styles.kv}>
              {metrics.map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k}</dt>
                  <dd>{num(v)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">No test metrics were recorded.</p>
          )}
          {card.metrics.goal ? (
            <p data-goal-met={String(card.metrics.goal.met)}>
              Project goal: {card.metrics.goal.metric} {num(card.metrics.goal.threshold)} — this version {card.metrics.goal.value === null ? 'has no such metric' : `scores ${num(card.metrics.goal.value)}, ${card.metrics.goal.met ? 'meeting' : 'missing'} it`}.
            </p>
          ) : null}
        </section>

        <section className="card card-body" aria-label="Fairness">
          <h2>
            Fairness <VerdictBadge verdict={fairness.latestVerdict} />
          </h2>
          <p data-gate={fairness.gate.ok ? 'ok' : 'refused'}>
            <strong>Promotion gate:</strong> {fairness.gate.ok ? 'the fairness check lets this version reach production' : 'production is refused'} — {fairness.gate.reasons.join('; ')}
          </p>
          {fairness.audits.length ? (
            <div className="table-wrap">
              <table aria-label="Fairness audits of this version">
                <thead>
                  <tr>
                    <th scope="col">Audit</th>
                    <th scope="col">Verdict</th>
                    <th scope="col">DP difference</th>
                    <th scope="col">EO difference</th>
                    <th scope="col">Findings</th>
                  </tr>
                </thead>
                <tbody>
                  {fairness.audits.map((a) => (
                    <tr key={a.id} data-audit={a.id}>
                      <td>
                        <Link href={`/orgs/${orgId}/audits/${a.id}`}>{a.source === 'MODEL_VERSION' ? `predictions on ${a.fileName}` : a.fileName}</Link>
                        <div className="row-sub">
                          {a.sensitive.join(' × ')} · {formatDate(a.completedAt ?? a.createdAt)}
                        </div>
                      </td>
                      <td className="nowrap">
                        {a.status === 'SUCCEEDED' ? <VerdictBadge verdict={a.verdict} /> : <span className="badge">{a.status.toLowerCase()}</span>}
                        {a.exception ? <div className="row-sub">exception accepted by {a.exception.byName ?? 'an owner'}</div> : null}
                      </td>
                      <td>{num(a.demographicParityDifference, 3)}</td>
                      <td>{num(a.equalizedOddsDifference, 3)}</td>
                      <td>
                        {a.reasons.length ? (
                          <ul style={{ margin: 0, paddingLeft: '1rem' }}>
                            {a.reasons.slice(0, 3).map((r) => (
                              <li key={r}>{r}</li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">none</span>
                        )}
                        {a.review ? <div className="row-sub">ethics review: {a.review.decision.toLowerCase().replace(/_/g, ' ')} by {a.review.reviewerName ?? 'a reviewer'}</div> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">
              This version has not been audited. <Link href={`/orgs/${orgId}/audits`}>Audit it on a dataset version</Link>.
            </p>
          )}
        </section>

        <section className="card card-body" aria-label="Limitations">
          <h2>Limitations and ethical considerations</h2>
          <p style={{ whiteSpace: 'pre-wrap' }}>{card.limitations || <span className="muted">No limitations written yet.</span>}</p>
          {card.ethicalConsiderations ? <p style={{ whiteSpace: 'pre-wrap' }}>{card.ethicalConsiderations}</p> : null}
        </section>

        <section className="card card-body" aria-label="Risks">
          <h2>Open risks</h2>
          {card.risks.length ? (
            <ul className="list">
              {card.risks.map((r) => (
                <li key={r.id} className="list-row">
                  <LevelBadge level={r.level as 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'} score={r.score} /> <Link href={`/orgs/${orgId}/risks/${r.id}`}>{r.title}</Link>{' '}
                  <span className="muted">
                    · {r.category.toLowerCase().replace(/_/g, ' ')} · {r.status.toLowerCase()}
                    {r.modelVersionId ? ' · this version' : ' · project'}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No open risk in the register for this version or its project.</p>
          )}
        </section>

        {canWrite ? (
          <section className={`card card-body ${styles.noPrint}`} aria-label="Edit the card">
            <h2>Edit the written parts</h2>
            <NotesForm
              orgId={orgId}
              modelVersionId={card.modelVersion.id}
              initial={{ intendedUse: card.intendedUse.fromNotes ? card.intendedUse.summary : '', outOfScopeUse: card.intendedUse.outOfScopeUse, limitations: card.limitations, ethicalConsiderations: card.ethicalConsiderations }}
            />
          </section>
        ) : null}
      </div>
    </div>
  );
}
