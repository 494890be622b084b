import Link from 'next/link';
import type { Metadata } from 'next';
import { roleAtLeast, type DatasetPreview } from '@meridian/domain';
import { BarList, HistogramChart } from '../../../../../../../components/datasets/charts';
import { formatBytes, formatNumber } from '../../../../../../../components/datasets/format';
import { GovernanceForm } from '../../../../../../../components/datasets/GovernanceForm';
import { ProfilePoller } from '../../../../../../../components/datasets/ProfilePoller';
import { ReprofileForm } from '../../../../../../../components/datasets/ReprofileForm';
import { PageHeader, formatDateTime } from '../../../../../../../components/ui';
import { load, requireMembership } from '../../../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Dataset version' };
export const dynamic = 'force-dynamic';

const PREVIEW_ROWS = 20;

export default async function DatasetVersionPage({ params, searchParams }: { params: Promise<{ orgId: string; datasetId: string; versionId: string }>; searchParams: Promise<{ existing?: string }> }) {
  const { orgId, datasetId, versionId } = await params;
  const sp = await searchParams;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const { dataset, v, preview } = await load(async (api) => {
    const [dataset, v] = await Promise.all([api.datasets.get(orgId, datasetId), api.datasets.version(orgId, datasetId, versionId)]);
    const preview: DatasetPreview | null = v.profileStatus === 'READY' ? await api.datasets.preview(orgId, datasetId, versionId, PREVIEW_ROWS) : null;
    return { dataset, v, preview };
  });
  const base = `/orgs/${orgId}/datasets`;
  const p = v.profile;
  const missing = p ? p.columns.filter((c) => c.missing > 0).sort((a, b) => b.missing - a.missing) : [];
  const download = `/api/orgs/${encodeURIComponent(orgId)}/datasets/${encodeURIComponent(datasetId)}/versions/${encodeURIComponent(versionId)}/download`;

  return (
    <>
      <PageHeader
        title={`${dataset.name} · v${v.version}`}
        description={
          <>
            {v.fileName} · {v.format} · {formatBytes(v.sizeBytes)} · uploaded {formatDateTime(v.createdAt)} · SHA-256 <code>{v.contentHash}</code>
          </>
        }
        crumbs={[
          { href: base, label: 'Datasets' },
          { href: `${base}/${datasetId}`, label: dataset.name },
        ]}
        actions={
          <>
            <ProfilePoller key={`${v.profileStatus}-${v.updatedAt}`} orgId={orgId} datasetId={datasetId} versionId={versionId} initial={v.profileStatus} />
            <a className="btn" href={download} download>
              Download
            </a>
            {canWrite && v.profileStatus === 'READY' ? (
              <Link className="btn btn-primary" href={`/orgs/${orgId}/runs?datasetVersionId=${encodeURIComponent(versionId)}`}>
                Train a model
              </Link>
            ) : null}
          </>
        }
      />
      <div className="stack">
        {sp.existing ? (
          <p className="alert alert-info" role="status">
            That file was already uploaded: these exact bytes are version {v.version}, so no new version was made.
          </p>
        ) : null}
        {v.profileStatus === 'FAILED' ? (
          <p className="alert alert-error" role="alert" data-testid="profile-error">
            {v.profileError ?? 'Profiling failed.'} The file is stored unchanged: fix it and upload it as a new version{canWrite ? ', or pick another label column below' : ''}.
          </p>
        ) : null}
        {v.profileStatus === 'PENDING' || v.profileStatus === 'RUNNING' ? (
          <section className="card">
            <div className="card-body muted">The worker is profiling this file: schema, distributions, missing values and sensitive columns appear here when it is done.</div>
          </section>
        ) : null}

        {p ? (
          <>
            <section className="card grid-3" aria-label="Summary" style={{ gridTemplateColumns: 'repeat(5, minmax(0, 1fr))' }}>
              <div className="stat">
                <div className="stat-label">Rows</div>
                <div className="stat-value" data-testid="row-count">
                  {formatNumber(p.rows)}
                </div>
              </div>
              <div className="stat">
                <div className="stat-label">Columns</div>
                <div className="stat-value">{p.columns.length}</div>
              </div>
              <div className="stat">
                <div className="stat-label">Duplicate rows</div>
                <div className="stat-value">{formatNumber(p.duplicateRows)}</div>
              </div>
              <div className="stat">
                <div className="stat-label">Columns with missing values</div>
                <div className="stat-value">{missing.length}</div>
              </div>
              <div className="stat">
                <div className="stat-label">Sensitive columns</div>
                <div className="stat-value">{p.sensitiveColumns.length}</div>
              </div>
            </section>

            {p.sensitiveColumns.length > 0 ? (
              <section className="alert alert-warning" aria-label="Sensitive columns" data-testid="sensitive-columns">
                <strong>Possibly personal or protected attributes:</strong>{' '}
                {p.columns
                  .filter((c) => c.sensitive)
                  .map((c) => `${c.name} (${c.sensitive!.category}: ${c.sensitive!.note})`)
                  .join('; ')}
                . Check the governance fields below, and consider a fairness audit on these features.
              </section>
            ) : null}

            <div className="grid-2">
              <section className="card" aria-label="Class balance">
                <div className="card-header">
                  <h2>Class balance</h2>
                  <p>{p.classBalance ? `Column “${p.classBalance.column}”; largest / smallest class = ${formatNumber(p.classBalance.imbalanceRatio)}.` : 'Name a label column when uploading to see it.'}</p>
                </div>
                {p.classBalance ? (
                  <div className="card-body" data-testid="class-balance">
                    <BarList items={p.classBalance.classes.slice(0, 30).map((c) => ({ label: c.value, value: c.count }))} total={p.classBalance.classes.reduce((a, c) => a + c.count, 0)} />
                  </div>
                ) : null}
              </section>
              <section className="card" aria-label="Missing values">
                <div className="card-header">
                  <h2>Missing values</h2>
                  <p>{missing.length === 0 ? 'No column has missing values (empty, NA, null, NaN, ?).' : `Per column, out of ${formatNumber(p.rows)} rows.`}</p>
                </div>
                {missing.length > 0 ? (
                  <div className="card-body">
                    <BarList items={missing.slice(0, 30).map((c) => ({ label: c.name, value: c.missing }))} total={p.rows} tone="var(--warning)" />
                  </div>
                ) : null}
              </section>
            </div>

            <section className="card" aria-label="Schema">
              <div className="card-header">
                <h2>Schema and distributions</h2>
                <p>Kinds are inferred from the values. Histograms for numeric columns, most frequent values for the others.</p>
              </div>
              <div className="table-wrap">
                <table data-testid="schema-table">
                  <thead>
                    <tr>
                      <th>Column</th>
                      <th>Kind</th>
                      <th>Missing</th>
                      <th>Distinct</th>
                      <th>Min</th>
                      <th>Mean</th>
                      <th>Max</th>
                      <th>Distribution</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.columns.map((c) => (
                      <tr key={c.name}>
                        <td>
                          {c.name} {c.sensitive ? <span className="badge badge-warning">sensitive: {c.sensitive.category}</span> : null}
                        </td>
                        <td>{c.kind}</td>
                        <td>{c.missing > 0 ? `${formatNumber(c.missing)} (${((c.missing / Math.max(1, p.rows)) * 100).toFixed(1)} %)` : '0'}</td>
                        <td>
                          {formatNumber(c.distinct)}
                          {c.distinctExact ? '' : ' ≈'}
                        </td>
                        <td>{typeof c.min === 'number' ? formatNumber(c.min) : (c.min ?? '—')}</td>
                        <td>{formatNumber(c.mean)}</td>
                        <td>{typeof c.max === 'number' ? formatNumber(c.max) : (c.max ?? '—')}</td>
                        <td>
                          {c.histogram ? (
                            <HistogramChart histogram={c.histogram} label={c.name} width={160} height={36} />
                          ) : c.topValues.length > 0 ? (
                            <span className="muted">{c.topValues.slice(0, 4).map((t) => `${t.value} (${t.count})`).join(', ')}</span>
                          ) : (
                            '—'
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>

            {preview ? (
              <section className="card" aria-label="Preview">
                <div className="card-header">
                  <h2>First rows</h2>
                  <p>{preview.truncated ? `The first ${preview.rows.length} rows of ${formatNumber(p.rows)}.` : `All ${preview.rows.length} rows.`}</p>
                </div>
                <div className="table-wrap">
                  <table data-testid="preview-table">
                    <thead>
                      <tr>
                        {preview.columns.map((c) => (
                          <th key={c}>{c}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {preview.rows.map((r, i) => (
                        <tr key={i}>
                          {preview.columns.map((c) => (
                            <td key={c}>{r[c] === null || r[c] === undefined ? <span className="muted">—</span> : String(r[c])}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ) : null}
          </>
        ) : null}

        {canWrite && (v.profileStatus === 'READY' || v.profileStatus === 'FAILED') ? (
          <section className="card" aria-label="Label column">
            <div className="card-header">
              <h2>Label column</h2>
              <p>The column class balance is computed on{v.targetColumn ? ` (now “${v.targetColumn}”)` : ''}. Change it and profile again.</p>
            </div>
            <div className="card-body">
              <ReprofileForm orgId={orgId} datasetId={datasetId} versionId={versionId} targetColumn={v.targetColumn} columns={v.columns?.columns.map((c) => c.name) ?? null} />
            </div>
          </section>
        ) : null}

        <section className="card" aria-label="Governance">
          <div className="card-header">
            <h2>Governance</h2>
            <p>Where this data comes from and what you may do with it. Every change is recorded in the audit log.</p>
          </div>
          <div className="card-body">
            <GovernanceForm
              orgId={orgId}
              datasetId={datasetId}
              versionId={versionId}
              canEdit={canWrite}
              value={{ source: v.source, licence: v.licence, containsPersonalData: v.containsPersonalData, anonymised: v.anonymised, legalBasis: v.legalBasis, retentionDays: v.retentionDays, retentionUntil: v.retentionUntil }}
            />
          </div>
        </section>
      </div>
    </>
  );
}
