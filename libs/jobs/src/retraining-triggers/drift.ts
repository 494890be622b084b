// Drift between two stored dataset versions: both files are copied out of the artifact store
// (hash-verified) into a temporary folder and compared in a worker thread, so neither the worker's
// queue-lock loop nor the API's event loop runs the statistics.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { ArtifactStore } from '@meridian/artifacts';
import type { PrismaClient } from '@meridian/db';
import type { DriftTriggerConfig } from '@meridian/domain';
import { runInWorkerThread } from '../worker-thread';
import type { DriftThreadInput, DriftThreadResult } from './drift-thread';

/** The versions cannot be compared (deleted, not tabular): retrying will not help. */
export class DriftInputError extends Error {
  override name = 'DriftInputError';
}

const THREAD_MODULE = join(__dirname, `drift-thread${extname(__filename)}`);
const EXT = { CSV: '.csv', JSONL: '.jsonl', IDX: '.idx' } as const;

export async function computeDatasetDrift(
  prisma: PrismaClient,
  artifacts: ArtifactStore,
  organizationId: string,
  baselineDatasetVersionId: string,
  datasetVersionId: string,
  cfg: Pick<DriftTriggerConfig, 'columns' | 'statistic'>,
  signal?: AbortSignal,
): Promise<DriftThreadResult> {
  const rows = await prisma.datasetVersion.findMany({
    where: { id: { in: [baselineDatasetVersionId, datasetVersionId] }, organizationId },
    select: { id: true, version: true, format: true, artifactKey: true, contentHash: true },
  });
  const ref = rows.find((r) => r.id === baselineDatasetVersionId);
  const cur = rows.find((r) => r.id === datasetVersionId);
  if (!ref) throw new DriftInputError(`the training dataset version ${baselineDatasetVersionId} no longer exists`);
  if (!cur) throw new DriftInputError(`dataset version ${datasetVersionId} no longer exists`);
  for (const v of [ref, cur]) {
    if (v.format === 'IDX') throw new DriftInputError(`version ${v.version} is an IDX (image) file: drift is measured on tabular data (CSV, JSON Lines)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'meridian-drift-'));
  try {
    const referencePath = join(dir, `reference${EXT[ref.format]}`);
    const currentPath = join(dir, `current${EXT[cur.format]}`);
    await artifacts.downloadToFile(ref.artifactKey, referencePath, { expectedSha256: ref.contentHash });
    await artifacts.downloadToFile(cur.artifactKey, currentPath, { expectedSha256: cur.contentHash });
    signal?.throwIfAborted();
    return await runInWorkerThread<DriftThreadInput, DriftThreadResult>(THREAD_MODULE, { referencePath, currentPath, columns: cfg.columns, statistic: cfg.statistic }, { signal });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
