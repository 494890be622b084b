import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isArtifactError, type ArtifactStore } from '@meridian/artifacts';
import { newId, type Prisma } from '@meridian/db';
import {
  DATASET_EXTENSIONS,
  JobName,
  JobPayloadSchemas,
  datasetFormatOf,
  type CreateDatasetInput,
  type DatasetFormat,
  type DatasetGovernanceInput,
  type DatasetPreview,
  type DatasetUploadResult,
  type DatasetVersionDetail,
  type DatasetVersionView,
  type DatasetView,
  type Page,
} from '@meridian/domain';
import type { JobQueue } from '@meridian/queue';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess } from '../common/context';
import { Transactions, decodeCursor, encodeCursor, isUniqueViolation } from '../common/prisma';
import { InjectConfig, InjectQueue } from '../common/tokens';
import type { ApiConfig } from '../config';
import { DatasetsRepository, type DatasetVersionRow } from './datasets.repository';
import { datasetView, versionDetail, versionView } from './datasets.views';

/** The file part of an upload, as the controller hands it over (already validated as multipart). */
export interface UploadedFile {
  fileName: string;
  stream: Readable;
  /** Set by the multipart parser once it stopped reading because the file hit its size limit. */
  truncated(): boolean;
  fields: { targetColumn?: string };
}

export interface DatasetVersionCreatedEvent {
  organizationId: string;
  projectId: string;
  datasetId: string;
  datasetVersionId: string;
  version: number;
}
export type DatasetVersionListener = (e: DatasetVersionCreatedEvent) => void | Promise<void>;

const EXT: Record<DatasetFormat, string> = { CSV: 'csv', JSONL: 'jsonl', IDX: 'idx' };
const CONTENT_TYPE: Record<DatasetFormat, string> = { CSV: 'text/csv; charset=utf-8', JSONL: 'application/x-ndjson', IDX: 'application/octet-stream' };

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB` : `${bytes} bytes`;
}

@Injectable()
export class DatasetsService {
  private readonly logger = new Logger(DatasetsService.name);
  private readonly listeners: DatasetVersionListener[] = [];

  constructor(
    private readonly repo: DatasetsRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    @Inject(ARTIFACT_STORE) private readonly artifacts: ArtifactStore,
    @InjectQueue() private readonly queue: JobQueue,
    @InjectConfig() private readonly config: ApiConfig,
  ) {}

  /** Called after a new version (not a re-upload of known bytes) is committed; for retraining triggers. */
  onVersionCreated(listener: DatasetVersionListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async create(actor: Actor, org: OrgAccess, projectId: string, input: CreateDatasetInput): Promise<DatasetView> {
    if (!(await this.repo.projectExists(org.organizationId, projectId))) throw AppError.notFound('project');
    try {
      const d = await this.tx.run(async (tx) => {
        const created = await this.repo.createDataset({ organizationId: org.organizationId, projectId, name: input.name, description: input.description, createdById: actorUserId(org.principal) }, tx);
        await this.audit.record(actor, { action: 'dataset.create', organizationIds: [org.organizationId], targetType: 'dataset', targetId: created.id, metadata: { name: created.name, projectId } }, tx);
        return created;
      });
      return datasetView({ ...d, versions: [], _count: { versions: 0 } });
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict(`A dataset named "${input.name}" already exists in this project; pick another name or upload a new version of it`);
      throw e;
    }
  }

  async list(org: OrgAccess, q: { limit: number; cursor?: string; projectId?: string }): Promise<Page<DatasetView>> {
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw AppError.validation([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
    if (q.projectId && !(await this.repo.projectExists(org.organizationId, q.projectId))) throw AppError.notFound('project');
    const rows = await this.repo.pageDatasets(org.organizationId, q.projectId, q.limit, cursor);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(datasetView), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async get(org: OrgAccess, datasetId: string): Promise<DatasetView> {
    const d = await this.repo.findDataset(org.organizationId, datasetId);
    if (!d) throw AppError.notFound('dataset');
    return datasetView(d);
  }

  async listVersions(org: OrgAccess, datasetId: string): Promise<DatasetVersionView[]> {
    await this.get(org, datasetId);
    return (await this.repo.listVersions(org.organizationId, datasetId)).map(versionView);
  }

  private async versionRow(org: OrgAccess, datasetId: string, versionId: string): Promise<DatasetVersionRow> {
    const v = await this.repo.findVersion(org.organizationId, datasetId, versionId);
    if (!v) throw AppError.notFound('dataset version');
    return v;
  }

  async getVersion(org: OrgAccess, datasetId: string, versionId: string): Promise<DatasetVersionDetail> {
    return versionDetail(await this.versionRow(org, datasetId, versionId));
  }

  async preview(org: OrgAccess, datasetId: string, versionId: string, limit: number): Promise<DatasetPreview> {
    const v = await this.versionRow(org, datasetId, versionId);
    if (v.profileStatus !== 'READY' || !v.preview) {
      const why = v.profileStatus === 'FAILED' ? `profiling failed: ${v.profileError ?? 'unknown error'}` : `profiling is ${v.profileStatus.toLowerCase()}; try again in a moment`;
      throw AppError.conflict(`The preview is read while the file is profiled, and ${why}`);
    }
    const p = v.preview as unknown as DatasetPreview;
    return { columns: p.columns, rows: p.rows.slice(0, limit), truncated: p.truncated || p.rows.length > limit };
  }

  /**
   * Streams the file into the artifact store (hashing on the way, never buffering it), then makes
   * it a new version unless this dataset already has those exact bytes. Whatever fails, neither a
   * stored object nor a row is left behind.
   */
  async upload(actor: Actor, org: OrgAccess, datasetId: string, file: UploadedFile): Promise<DatasetUploadResult> {
    const dataset = await this.repo.findDataset(org.organizationId, datasetId);
    if (!dataset) {
      file.stream.resume();
      throw AppError.notFound('dataset');
    }
    const format = datasetFormatOf(file.fileName);
    if (!format) {
      file.stream.resume();
      throw AppError.validation(
        [{ path: 'file', message: `"${file.fileName}" has an unsupported extension`, expected: Object.keys(DATASET_EXTENSIONS).join(', ') }],
        `Unsupported file type "${file.fileName}": upload a CSV (.csv), JSON Lines (.jsonl, .ndjson) or MNIST IDX (.idx, .idx1-ubyte, .idx3-ubyte) file`,
      );
    }
    const versionId = newId();
    const key = `datasets/${org.organizationId}/${datasetId}/${versionId}.${EXT[format]}`;
    const max = this.config.DATASET_MAX_BYTES;
    let put;
    try {
      put = await this.artifacts.putStream(key, file.stream, { maxBytes: max, contentType: CONTENT_TYPE[format] });
    } catch (e) {
      if (isArtifactError(e, 'TOO_LARGE')) {
        throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the upload limit of ${mb(max)} (DATASET_MAX_BYTES); nothing was stored. Split the file or ask an administrator to raise the limit.`);
      }
      if (file.stream.errored) {
        throw new AppError('BAD_REQUEST', `The upload ended before the whole file arrived (${file.stream.errored.message}); nothing was stored. Send the file again.`);
      }
      throw e;
    }
    // The parser stops at limit + 1 bytes, so a truncated stream always also failed above; belt and braces.
    if (file.truncated()) {
      await this.artifacts.delete(key);
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the upload limit of ${mb(max)} (DATASET_MAX_BYTES); nothing was stored.`);
    }
    if (put.sizeBytes === 0) {
      await this.artifacts.delete(key);
      throw AppError.validation([{ path: 'file', message: 'is empty' }], 'The uploaded file is empty; choose a file with a header and data rows');
    }
    try {
      const existing = await this.repo.findVersionByHash(org.organizationId, datasetId, put.sha256);
      if (existing) {
        await this.artifacts.delete(key);
        return { created: false, version: versionView(existing) };
      }
      const { version, jobId, payload } = await this.insertVersion(actor, org, dataset.projectId, datasetId, versionId, {
        contentHash: put.sha256,
        sizeBytes: put.sizeBytes,
        format,
        fileName: file.fileName.slice(0, 255),
        artifactKey: key,
        targetColumn: file.fields.targetColumn ?? null,
      });
      await this.queueProfile(org, version.id, jobId, payload);
      const event: DatasetVersionCreatedEvent = { organizationId: org.organizationId, projectId: dataset.projectId, datasetId, datasetVersionId: version.id, version: version.version };
      for (const l of this.listeners) {
        Promise.resolve()
          .then(() => l(event))
          .catch((err: unknown) => this.logger.error({ err, datasetVersionId: version.id }, 'a dataset version listener failed'));
      }
      return { created: true, version: versionView(version) };
    } catch (e) {
      await this.artifacts.delete(key).catch(() => undefined);
      if (isUniqueViolation(e)) {
        // Another upload of the same bytes won the race: answer with its version.
        const winner = await this.repo.findVersionByHash(org.organizationId, datasetId, put.sha256);
        if (winner) return { created: false, version: versionView(winner) };
      }
      throw e;
    }
  }

  private async insertVersion(
    actor: Actor,
    org: OrgAccess,
    projectId: string,
    datasetId: string,
    versionId: string,
    data: { contentHash: string; sizeBytes: number; format: DatasetFormat; fileName: string; artifactKey: string; targetColumn: string | null },
  ) {
    const jobId = newId();
    const payload = JobPayloadSchemas[JobName.DatasetProfile].parse({ jobRecordId: jobId, organizationId: org.organizationId, datasetVersionId: versionId });
    const createdById = actorUserId(org.principal);
    // Two new files uploaded at once may pick the same number: the unique index refuses one, which retries.
    for (let attempt = 1; ; attempt++) {
      try {
        const version = await this.tx.run(async (tx) => {
          const number = await this.repo.nextVersionNumber(datasetId, tx);
          const v = await this.repo.createVersion({ id: versionId, organizationId: org.organizationId, datasetId, version: number, ...data, sizeBytes: BigInt(data.sizeBytes), createdById }, tx);
          await this.repo.createJobRecord({ id: jobId, organizationId: org.organizationId, name: JobName.DatasetProfile, payload, createdById }, tx);
          await this.audit.record(
            actor,
            { action: 'dataset.version_create', organizationIds: [org.organizationId], targetType: 'dataset_version', targetId: v.id, metadata: { datasetId, projectId, version: number, contentHash: data.contentHash, sizeBytes: data.sizeBytes, fileName: data.fileName } },
            tx,
          );
          return v;
        });
        return { version, jobId, payload };
      } catch (e) {
        if (attempt < 5 && isUniqueViolation(e) && !(await this.repo.findVersionByHash(org.organizationId, datasetId, data.contentHash))) continue;
        throw e;
      }
    }
  }

  private async queueProfile(org: OrgAccess, versionId: string, jobId: string, payload: Prisma.InputJsonValue): Promise<void> {
    try {
      await this.queue.add(JobName.DatasetProfile, payload as never, { jobId });
    } catch (err) {
      // The version exists (its bytes are safe); say why it has no profile and how to get one.
      this.logger.error({ err, jobId }, 'could not queue dataset.profile');
      await this.repo.deleteJobRecord(jobId);
      await this.repo.updateVersion(org.organizationId, versionId, { profileStatus: 'FAILED', profileError: 'The profiling job could not be queued; POST .../profile to try again.' });
    }
  }

  /** Queues profiling again (after a failure, or to pick up a new target column). */
  async reprofile(org: OrgAccess, datasetId: string, versionId: string, targetColumn: string | null | undefined): Promise<DatasetVersionView> {
    const v = await this.versionRow(org, datasetId, versionId);
    if (v.profileStatus === 'RUNNING' || v.profileStatus === 'PENDING') throw AppError.conflict(`Profiling is already ${v.profileStatus.toLowerCase()} for this version`);
    const jobId = newId();
    const payload = JobPayloadSchemas[JobName.DatasetProfile].parse({ jobRecordId: jobId, organizationId: org.organizationId, datasetVersionId: v.id });
    await this.tx.run(async (tx) => {
      await this.repo.updateVersion(org.organizationId, v.id, { profileStatus: 'PENDING', profileError: null, ...(targetColumn !== undefined ? { targetColumn } : {}) }, tx);
      await this.repo.createJobRecord({ id: jobId, organizationId: org.organizationId, name: JobName.DatasetProfile, payload, createdById: actorUserId(org.principal) }, tx);
    });
    await this.queueProfile(org, v.id, jobId, payload);
    return versionView(await this.versionRow(org, datasetId, versionId));
  }

  async updateGovernance(actor: Actor, org: OrgAccess, datasetId: string, versionId: string, input: DatasetGovernanceInput): Promise<DatasetVersionView> {
    return this.tx.run(async (tx) => {
      const before = await this.repo.findVersion(org.organizationId, datasetId, versionId, tx);
      if (!before) throw AppError.notFound('dataset version');
      const data: Prisma.DatasetVersionUncheckedUpdateManyInput = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const old = versionView(before);
      for (const [k, to] of Object.entries(input) as [keyof DatasetGovernanceInput, unknown][]) {
        if (to === undefined) continue;
        const from = old[k];
        const normalised = k === 'retentionUntil' && typeof to === 'string' ? new Date(to).toISOString() : to;
        if (from === normalised) continue;
        changes[k] = { from, to: normalised };
        (data as Record<string, unknown>)[k] = k === 'retentionUntil' && typeof to === 'string' ? new Date(to) : to;
      }
      if (Object.keys(changes).length > 0) {
        await this.repo.updateVersion(org.organizationId, versionId, data, tx);
        await this.audit.record(
          actor,
          { action: 'dataset.governance_update', organizationIds: [org.organizationId], targetType: 'dataset_version', targetId: versionId, metadata: { datasetId, version: before.version, changes } },
          tx,
        );
      }
      const after = await this.repo.findVersion(org.organizationId, datasetId, versionId, tx);
      return versionView(after!);
    });
  }

  /** The verified byte stream (it errors instead of ending if the stored bytes no longer match the hash). */
  async download(org: OrgAccess, datasetId: string, versionId: string): Promise<{ stream: Readable; fileName: string; contentType: string; sizeBytes: number; sha256: string }> {
    const v = await this.versionRow(org, datasetId, versionId);
    try {
      const stream = await this.artifacts.getStream(v.artifactKey, { expectedSha256: v.contentHash });
      return { stream, fileName: v.fileName, contentType: CONTENT_TYPE[v.format], sizeBytes: Number(v.sizeBytes), sha256: v.contentHash };
    } catch (e) {
      if (isArtifactError(e, 'NOT_FOUND')) throw new AppError('INTERNAL', `The stored file of dataset version ${v.version} is missing from the artifact store`);
      throw e;
    }
  }
}
