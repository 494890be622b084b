// dataset.profile: copies one DatasetVersion's file out of the artifact store (hash-verified),
// profiles it in a worker thread (the event loop holding queue locks stays free) and stores the
// profile, schema, row count and preview rows; a malformed file ends FAILED with the reader's
// message (what is wrong and where), never a half-written profile.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Inject } from '@nestjs/common';
import type { ArtifactStore } from '@meridian/artifacts';
import { Prisma, type Database } from '@meridian/db';
import { JobName, ZDatasetProfile, type JobPayload } from '@meridian/domain';
import { PermanentJobError, type JobContext } from '@meridian/queue';
import { JobProcessor, type JobProcessorHandler } from '../../processor';
import { JOBS_ARTIFACTS, JOBS_DATABASE } from '../../tokens';
import { runInWorkerThread, WorkerThreadError } from '../../worker-thread';
import type { ProfileThreadInput, ProfileThreadResult } from './profile-thread';

const THREAD_MODULE = join(__dirname, `profile-thread${extname(__filename)}`);
export const PREVIEW_ROWS = 100;

export interface DatasetProfileResult {
  datasetVersionId: string;
  status: 'READY' | 'FAILED';
  rowCount: number | null;
  error: string | null;
}

@JobProcessor(JobName.DatasetProfile)
export class DatasetProfileProcessor implements JobProcessorHandler<typeof JobName.DatasetProfile> {
  constructor(
    @Inject(JOBS_DATABASE) private readonly db: Database,
    @Inject(JOBS_ARTIFACTS) private readonly artifacts: ArtifactStore,
  ) {}

  async handle(ctx: JobContext<JobPayload<typeof JobName.DatasetProfile>>): Promise<DatasetProfileResult> {
    const { organizationId, datasetVersionId } = ctx.payload;
    const prisma = this.db.prisma;
    const v = await prisma.datasetVersion.findFirst({ where: { id: datasetVersionId, organizationId } });
    if (!v) throw new PermanentJobError(`Dataset version ${datasetVersionId} does not exist in organisation ${organizationId}.`);
    await prisma.datasetVersion.update({ where: { id: v.id }, data: { profileStatus: 'RUNNING', profileError: null } });
    const dir = await mkdtemp(join(tmpdir(), 'meridian-profile-'));
    try {
      const ext = v.format === 'CSV' ? '.csv' : v.format === 'JSONL' ? '.jsonl' : '.idx';
      const path = join(dir, `data${ext}`);
      await this.artifacts.downloadToFile(v.artifactKey, path, { expectedSha256: v.contentHash });
      await ctx.updateProgress(20);
      ctx.signal.throwIfAborted();
      let out: ProfileThreadResult;
      try {
        out = await runInWorkerThread<ProfileThreadInput, ProfileThreadResult>(
          THREAD_MODULE,
          { path, format: v.format, targetColumn: v.targetColumn, previewRows: PREVIEW_ROWS },
          { signal: ctx.signal },
        );
      } catch (e) {
        // Bad data is the uploader's to fix: record why, and do not retry (the bytes will not change).
        if (e instanceof WorkerThreadError) {
          const message = `The file could not be profiled: ${e.message}`;
          await prisma.datasetVersion.update({ where: { id: v.id }, data: { profileStatus: 'FAILED', profileError: message, profiledAt: new Date() } });
          ctx.log(message);
          return { datasetVersionId: v.id, status: 'FAILED', rowCount: null, error: message };
        }
        throw e;
      }
      const profile = ZDatasetProfile.parse(out.profile);
      const columns = { columns: profile.columns.map((c) => ({ name: c.name, kind: c.kind, nullable: c.missing > 0 })) };
      await prisma.datasetVersion.update({
        where: { id: v.id },
        data: {
          profileStatus: 'READY',
          profileError: null,
          profiledAt: new Date(),
          rowCount: profile.rows,
          columns: columns as unknown as Prisma.InputJsonValue,
          profile: profile as unknown as Prisma.InputJsonValue,
          preview: out.preview as unknown as Prisma.InputJsonValue,
        },
      });
      ctx.log(`profiled dataset version ${v.id}: ${profile.rows} rows, ${profile.columns.length} columns`);
      return { datasetVersionId: v.id, status: 'READY', rowCount: profile.rows, error: null };
    } catch (e) {
      // Transient failures (store unreachable) are retried by the queue; the last attempt's error is shown.
      await prisma.datasetVersion
        .update({ where: { id: v.id }, data: { profileStatus: 'FAILED', profileError: `Profiling failed: ${(e as Error).message}` } })
        .catch(() => undefined);
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
