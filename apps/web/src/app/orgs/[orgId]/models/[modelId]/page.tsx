import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { formatDateTime, PageHeader } from '../../../../../components/ui';
import { PromoteForm } from '../../../../../components/runs/PromoteForm';
import { load, requireMembership } from '../../../../../lib/server-api';
import { AliasBadges } from '../_components/AliasBadges';
import { CompareButton } from '../_components/CompareButton';
import { ComparisonDetail, ComparisonTable } from '../_components/ComparisonPanel';

export const metadata: Metadata = { title: 'Model version' };

export default async function ModelPage({ params }: { params: Promise<{ orgId: string; modelId: string }> }) {
  const { orgId, modelId } = await params;
  const { membership } = await requireMembership(orgId);
  const [model, history, comparisons] = await Promise.all([
    load((api) => api.models.get(orgId, modelId)),
    load((api) => api.models.aliasHistory(orgId, modelId)),
    load((api) => api.modelComparisons.forModel(orgId, modelId, { limit: 20 })),
  ]);
  const latest = comparisons.items[0] ?? null;
  // Alias history names versions by id; the project's versions give them their numbers.
  const versions = await load((api) => api.models.list(orgId, { projectId: model.projectId, limit: 200 }));
  const versionOf = new Map(versions.items.map((v) => [v.id, v.version]));
  const label = (id: string) => (id === model.id ? 'this version' : versionOf.has(id) ? `version ${versionOf.get(id)}` : id);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const { run, datasetVersion, project } = model.lineage;
  const acc = (model.testMetrics as { accuracy?: number } | null)?.accuracy;
  const inputs = (model.inputSchema as Array<{ name: string; type: string }> | null) ?? [];
  return (
    <>
      <PageHeader
        title={`${project?.name ?? 'Model'} · version ${model.version}`}
        crumbs={[{ href: `/orgs/${orgId}/models`, label: 'Models' }]}
        description={model.aliases.length ? <AliasBadges aliases={model.aliases} /> : 'No alias points here yet.'}
        actions={<Link href={`/orgs/${orgId}/model-cards/${model.id}`}>Model card</Link>}
      />
      <div className="stack">
        <section className="card" aria-label="Lineage">
          <div className="card-header">
            <h2>Lineage</h2>
          </div>
          <div className="card-body">
            <dl>
              <dt>Run</dt>
              <dd>{run ? <Link href={`/orgs/${orgId}/runs/${run.id}`}>{run.name}</Link> : '—'}</dd>
              <dt>Dataset version</dt>
              <dd>{datasetVersion ? `${datasetVersion.fileName} v${datasetVersion.version} (sha256 ${datasetVersion.contentHash.slice(0, 12)}…)` : '—'}</dd>
              <dt>Spec hash</dt>
              <dd>
                <code>{model.specHash?.slice(0, 16) ?? '—'}</code>
              </dd>
              <dt>Inputs</dt>
              <dd>
                {inputs.length} columns{inputs.length ? `: ${inputs.slice(0, 8).map((c) => `${c.name} (${c.type})`).join(', ')}${inputs.length > 8 ? ', …' : ''}` : ''}
              </dd>
              <dt>Test accuracy</dt>
              <dd>{typeof acc === 'number' ? acc.toFixed(4) : '—'}</dd>
              <dt>Project goal</dt>
              <dd>{project?.goalMetric && project.goalThreshold !== null ? `${project.goalMetric} ≥ ${project.goalThreshold} (checked on promotion to production)` : 'no metric threshold set'}</dd>
              <dt>Artifact</dt>
              <dd>
                <a href={`/api/orgs/${orgId}/models/${model.id}/artifact`}>Download</a>
              </dd>
            </dl>
          </div>
        </section>
        <section className="card" aria-label="Challenger vs champion">
          <div className="card-header">
            <h2>Challenger vs champion</h2>
          </div>
          <div className="card-body stack">
            {latest ? (
              <ComparisonDetail orgId={orgId} c={latest} currentId={model.id} />
            ) : (
              <p className="muted">
                Not compared yet. A comparison evaluates this version and the project&apos;s champion on the same test rows (this version&apos;s run split), stores both reports and says which wins; retraining runs are compared automatically.
              </p>
            )}
            {canWrite && !model.aliases.includes('champion') ? <CompareButton orgId={orgId} modelId={model.id} label={latest ? 'Compare again with the current champion' : 'Compare with the champion'} /> : null}
            {comparisons.items.length > 1 ? (
              <>
                <h3>Earlier comparisons</h3>
                <ComparisonTable orgId={orgId} items={comparisons.items.slice(1)} currentId={model.id} />
              </>
            ) : null}
          </div>
        </section>
        {canWrite ? (
          <section className="card" aria-label="Promote">
            <div className="card-header">
              <h2>Move an alias here</h2>
            </div>
            <div className="card-body">
              <PromoteForm orgId={orgId} modelId={model.id} />
            </div>
          </section>
        ) : null}
        <section className="card" aria-label="Alias history">
          <div className="card-header">
            <h2>Alias history (this project)</h2>
          </div>
          <div className="card-body">
            {history.length === 0 ? (
              <p className="muted">No alias has been moved in this project yet.</p>
            ) : (
              <ul className="list">
                {history.map((e) => (
                  <li key={e.id} className="list-row">
                    <span>
                      <strong>{e.alias}</strong> → {versionOf.has(e.toModelVersionId) && e.toModelVersionId !== model.id ? <Link href={`/orgs/${orgId}/models/${e.toModelVersionId}`}>{label(e.toModelVersionId)}</Link> : label(e.toModelVersionId)}
                      {e.fromModelVersionId ? ` (was ${label(e.fromModelVersionId)})` : ''} · “{e.reason}” · {e.actorLabel ?? (e.actorApiKeyId ? 'API key' : e.actorUserId ? 'a member' : 'system')} · {formatDateTime(e.createdAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      </div>
    </>
  );
}
