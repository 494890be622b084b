import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { formatDateTime, PageHeader } from '../../../../../components/ui';
import { fmtMoney } from '../../../../../components/finance/format';
import { formatBytes } from '../../../../../components/datasets/format';
import { ConfusionMatrix } from '../../../../../components/runs/LineChart';
import { RunLive } from '../../../../../components/runs/RunLive';
import { load, requireMembership } from '../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Training run' };

type Report = { task?: string; accuracy?: number; logLoss?: number; macro?: { f1?: number; precision?: number; recall?: number }; confusionMatrix?: number[][]; rmse?: number; r2?: number };

export default async function RunPage({ params }: { params: Promise<{ orgId: string; runId: string }> }) {
  const { orgId, runId } = await params;
  const { membership } = await requireMembership(orgId);
  const [run, metrics, logs] = await Promise.all([
    load((api) => api.runs.get(orgId, runId)),
    load((api) => api.runs.metrics(orgId, runId, { maxPoints: 400 })),
    load((api) => api.runs.allLogs(orgId, runId)),
  ]);
  const report = (run.testMetrics ?? null) as Report | null;
  // Files logged to an external run (weights, plots, reports); runs trained here register a model instead.
  const artifacts = run.external ? await load((api) => api.runs.artifacts(orgId, runId)) : [];
  const classes = (run.external ? null : (await load((api) => (run.modelVersionId ? api.models.get(orgId, run.modelVersionId) : Promise.resolve(null))))?.preprocessing) as { target?: { classes?: string[] } } | null;
  return (
    <>
      <PageHeader title={run.name} crumbs={[{ href: `/orgs/${orgId}/runs`, label: 'Training runs' }]} description={run.external ? 'Logged from outside Meridian.' : `${run.preset ?? 'custom spec'} · label "${run.labelColumn}" · seed ${run.seed}`} />
      <div className="stack">
        <RunLive orgId={orgId} run={run} series={metrics.series} logs={logs} canCancel={roleAtLeast(membership.role, 'MEMBER')} />
        <section className="card" aria-label="Compute">
          <div className="card-header">
            <h2>Compute and lineage</h2>
          </div>
          <div className="card-body">
            <dl>
              <dt>Backend</dt>
              <dd>
                {run.backendUsed ?? '—'} (asked: {run.backendRequested}){run.device ? ` · ${run.device}` : ''}
              </dd>
              <dt>Wall time / CPU time</dt>
              <dd>
                {run.wallTimeMs !== null ? `${(run.wallTimeMs / 1000).toFixed(1)} s` : '—'} / {run.cpuTimeMs !== null ? `${(run.cpuTimeMs / 1000).toFixed(1)} s` : '—'}
              </dd>
              <dt>Cost</dt>
              <dd>{run.cost ? fmtMoney(run.cost) : '—'}</dd>
              <dt>Dataset version</dt>
              <dd>{run.datasetVersionId ?? '—'}</dd>
              <dt>Spec hash</dt>
              <dd>
                <code>{run.specHash ? run.specHash.slice(0, 16) : '—'}</code>
              </dd>
              <dt>Started / finished</dt>
              <dd>
                {run.startedAt ? formatDateTime(run.startedAt) : '—'} / {run.finishedAt ? formatDateTime(run.finishedAt) : '—'}
              </dd>
              {run.modelVersionId ? (
                <>
                  <dt>Model</dt>
                  <dd>
                    <Link href={`/orgs/${orgId}/models/${run.modelVersionId}`}>Open the registered model version</Link>
                  </dd>
                </>
              ) : null}
            </dl>
          </div>
        </section>
        {run.external ? (
          <section className="card" aria-label="Artifacts">
            <div className="card-header">
              <h2>Artifacts</h2>
            </div>
            {artifacts.length === 0 ? (
              <div className="card-body muted">
                No files logged. Upload them with <code>POST /api/orgs/{orgId}/runs/{runId}/artifacts</code> (multipart) or the SDK&apos;s <code>runs.uploadArtifact</code>.
              </div>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>File</th>
                      <th>Size</th>
                      <th>SHA-256</th>
                      <th>Logged</th>
                    </tr>
                  </thead>
                  <tbody>
                    {artifacts.map((a) => (
                      <tr key={a.id}>
                        <td>
                          {/* Through the dashboard's API proxy; the API checks the bytes against the hash as it sends them. */}
                          <a href={`/api/orgs/${orgId}/runs/${runId}/artifacts/${a.id}`} download={a.name}>
                            {a.name}
                          </a>
                          <div className="row-sub">{a.contentType}</div>
                        </td>
                        <td className="nowrap">{formatBytes(a.sizeBytes)}</td>
                        <td>
                          <code title={a.sha256}>{a.sha256.slice(0, 16)}</code>
                        </td>
                        <td className="nowrap">{formatDateTime(a.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ) : null}
        {report ? (
          <section className="card" aria-label="Test metrics">
            <div className="card-header">
              <h2>Test metrics</h2>
            </div>
            <div className="card-body stack">
              <p>
                {typeof report.accuracy === 'number' ? <>Accuracy <strong>{report.accuracy.toFixed(4)}</strong> · </> : null}
                {typeof report.macro?.f1 === 'number' ? <>macro F1 {report.macro.f1.toFixed(4)} · </> : null}
                {typeof report.logLoss === 'number' ? <>log loss {report.logLoss.toFixed(4)}</> : null}
                {typeof report.rmse === 'number' ? <>RMSE {report.rmse.toFixed(4)} · R² {report.r2?.toFixed(4)}</> : null}
              </p>
              {report.confusionMatrix ? <ConfusionMatrix matrix={report.confusionMatrix} labels={classes?.target?.classes} /> : null}
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
