import { Inject, Injectable } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { applyPreprocessing, decodeClasses, decodeTargets, parsePreprocessing, type Column, type Table } from '@meridian/data-pipeline';
import type { ModelAliasEventView, ModelAliasName, ModelVersionView, Page, PredictInput } from '@meridian/domain';
import { unpackFiles, type InputColumn } from '@meridian/jobs';
import { loadModel, predict, type LoadedModel, type ModelFiles } from '@meridian/training-engine';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { decodeCursor, encodeCursor } from '../common/prisma';
import { ModelsRepository, type ModelRow } from './models.repository';

export function modelView(m: ModelRow): ModelVersionView {
  return {
    id: m.id,
    organizationId: m.organizationId,
    projectId: m.projectId,
    version: m.version,
    runId: m.runId,
    datasetVersionId: m.datasetVersionId,
    specHash: m.specHash,
    preprocessing: m.preprocessing ?? null,
    inputSchema: m.inputSchema ?? null,
    testMetrics: m.testMetrics ?? null,
    artifactKey: m.artifactKey,
    aliases: m.aliases.map((a) => a.alias).sort(),
    createdAt: m.createdAt.toISOString(),
  };
}

/** Checks prediction rows against the model's input schema; every problem with its row and column. */
export function validateRows(schema: InputColumn[], rows: PredictInput['rows']): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  for (let i = 0; i < rows.length && issues.length < 50; i++) {
    for (const c of schema) {
      const v = rows[i][c.name];
      if (v === undefined) issues.push({ path: `rows.${i}.${c.name}`, message: `missing: the model needs column "${c.name}" (${c.type})` });
      else if (v === null) continue;
      else if (c.type === 'number' && typeof v !== 'number') issues.push({ path: `rows.${i}.${c.name}`, message: `must be a number, got ${JSON.stringify(v)}` });
      else if (c.type === 'boolean' && typeof v !== 'boolean') issues.push({ path: `rows.${i}.${c.name}`, message: `must be true or false, got ${JSON.stringify(v)}` });
    }
  }
  return issues;
}

function tableOf(schema: InputColumn[], rows: PredictInput['rows']): Table {
  const columns: Column[] = schema.map((c) =>
    c.type === 'number'
      ? { name: c.name, kind: 'numeric', values: Float64Array.from(rows, (r) => (typeof r[c.name] === 'number' ? (r[c.name] as number) : NaN)) }
      : { name: c.name, kind: c.type === 'boolean' ? 'boolean' : c.type === 'date' ? 'date' : 'categorical', values: rows.map((r) => (r[c.name] === null || r[c.name] === undefined ? null : String(r[c.name]))) },
  );
  return { columns, rowCount: rows.length };
}

const CACHE_SIZE = 8;

@Injectable()
export class ModelsService {
  /** Loaded models by version id, least recently used evicted (and disposed). */
  private readonly cache = new Map<string, Promise<LoadedModel>>();

  constructor(
    private readonly repo: ModelsRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  async list(org: OrgAccess, q: { limit: number; cursor?: string; projectId?: string }): Promise<Page<ModelVersionView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    const rows = await this.repo.page(org.organizationId, q, cursor);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items: items.map(modelView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  private async row(org: OrgAccess, id: string): Promise<ModelRow> {
    const m = await this.repo.find(org.organizationId, id);
    if (!m) throw AppError.notFound('model version');
    return m;
  }

  async get(org: OrgAccess, id: string) {
    const m = await this.row(org, id);
    const [run, datasetVersion, project] = await this.repo.lineage(org.organizationId, m);
    return { ...modelView(m), lineage: { run, datasetVersion: datasetVersion ?? null, project, specHash: m.specHash, preprocessing: m.preprocessing ?? null } };
  }

  async setAlias(org: OrgAccess, actor: Actor, id: string, alias: ModelAliasName, reason: string) {
    const m = await this.row(org, id);
    const project = await this.repo.project(org.organizationId, m.projectId);
    if (!project) throw AppError.notFound('project');
    let gate: { ok: boolean; reasons: string[] } | null = null;
    if (alias === 'production') {
      gate = await this.repo.evaluateGate({ organizationId: org.organizationId, projectId: m.projectId, modelVersionId: m.id, testMetrics: m.testMetrics, goal: { metric: project.goalMetric, threshold: project.goalThreshold } });
      if (!gate.ok) throw AppError.conflict(`Promotion to production refused: ${gate.reasons.join('; ')}`);
    }
    const principal = org.principal;
    await this.repo.moveAlias({
      organizationId: org.organizationId,
      projectId: m.projectId,
      alias,
      modelVersionId: m.id,
      reason,
      actor: { userId: actorUserId(principal), apiKeyId: principal.kind === 'apiKey' ? principal.apiKeyId : null, ip: actor.ip || null, requestId: actor.requestId || null },
    });
    return { ...modelView((await this.repo.find(org.organizationId, id))!), gate };
  }

  async history(org: OrgAccess, id: string): Promise<ModelAliasEventView[]> {
    const m = await this.row(org, id);
    const rows = await this.repo.history(org.organizationId, m.projectId);
    return rows.map((e) => ({
      id: e.id,
      alias: e.alias,
      fromModelVersionId: e.fromModelVersionId,
      toModelVersionId: e.toModelVersionId,
      reason: e.reason,
      actorUserId: e.actorUserId,
      actorApiKeyId: e.actorApiKeyId,
      actorLabel: e.actorLabel,
      createdAt: e.createdAt.toISOString(),
    }));
  }

  async predict(org: OrgAccess, id: string, input: PredictInput) {
    const m = await this.row(org, id);
    const schema = (m.inputSchema ?? []) as unknown as InputColumn[];
    const issues = validateRows(schema, input.rows);
    if (issues.length) throw AppError.validation(issues, `Input rows do not match the model's input schema: ${issues[0].path}: ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`);
    const loaded = await this.load(m);
    const prep = parsePreprocessing(m.preprocessing);
    const data = applyPreprocessing(tableOf(schema, input.rows), prep);
    const out = predict(loaded.model, data.x, data.shape);
    const width = out.shape[1];
    const predictions = input.rows.map((_, i) => {
      const scores = Array.from(out.values.subarray(i * width, (i + 1) * width));
      if (prep.target?.task === 'classification') {
        const label = decodeClasses(prep, [out.labels![i]])[0];
        return { label, scores: width > 1 ? Object.fromEntries(prep.target.classes.map((c, k) => [c, scores[k]])) : { [prep.target.classes[1] ?? '1']: scores[0] } };
      }
      if (prep.target?.task === 'regression') return { value: decodeTargets(prep, [scores[0]])[0] };
      return { values: scores };
    });
    return { modelVersionId: m.id, version: m.version, predictions };
  }

  private load(m: ModelRow): Promise<LoadedModel> {
    const hit = this.cache.get(m.id);
    if (hit) {
      this.cache.delete(m.id);
      this.cache.set(m.id, hit);
      return hit;
    }
    const p = this.store.getBuffer(m.artifactKey).then((buf) => loadModel(unpackFiles(buf) as ModelFiles));
    p.catch(() => this.cache.delete(m.id));
    this.cache.set(m.id, p);
    while (this.cache.size > CACHE_SIZE) {
      const [oldest, v] = this.cache.entries().next().value as [string, Promise<LoadedModel>];
      this.cache.delete(oldest);
      void v.then((l) => l.model.dispose()).catch(() => undefined);
    }
    return p;
  }

  async download(org: OrgAccess, id: string) {
    const m = await this.row(org, id);
    const stream = await this.store.getStream(m.artifactKey);
    return { stream, fileName: `model-v${m.version}-${m.id}.pack` };
  }
}
