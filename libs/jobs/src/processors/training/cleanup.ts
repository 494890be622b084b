// What a finished run no longer needs in the artifact store. Checkpoints exist so that a retried
// attempt resumes where the last one stopped; once a run is SUCCEEDED (its model packed and
// registered), CANCELLED, or FAILED with no attempt left, nothing will resume it, and at one pack per
// epoch they are most of a run's bytes. A model pack whose registration never happened (the run was
// cancelled between packing and registering) belongs to no ModelVersion and goes too.
import type { ArtifactStore } from '@meridian/artifacts';
import type { Prisma, PrismaClient } from '@meridian/db';

type Db = Pick<PrismaClient, 'checkpoint' | 'modelVersion' | 'trainingRun'> | Prisma.TransactionClient;

/** The key the processor writes an epoch's checkpoint under (epochs from 1). */
export const checkpointKey = (runId: string, epoch: number) => `runs/${runId}/checkpoints/epoch-${String(epoch).padStart(5, '0')}.pack`;
/** The key of a run's packed model (ModelVersion.artifactKey once registered). */
export const modelPackKey = (runId: string) => `runs/${runId}/model.pack`;

export interface DiscardedArtifacts {
  checkpoints: number;
  modelPack: boolean;
}

/**
 * Deletes the run's checkpoint objects, then its Checkpoint rows (in that order: a crash in between
 * leaves rows a second call deletes, never objects nobody knows about), and the model pack unless a
 * ModelVersion holds it. Idempotent. Only for a run that will not be resumed; the caller says so.
 * Also deletes the object of the epoch after the last row: written just before a kill or cancel
 * stopped its row, it has no row to find it by.
 */
export async function discardRunArtifacts(db: Db, store: ArtifactStore, runId: string): Promise<DiscardedArtifacts> {
  const [rows, run, model] = await Promise.all([
    db.checkpoint.findMany({ where: { runId }, select: { id: true, epoch: true, artifactKey: true } }),
    db.trainingRun.findUnique({ where: { id: runId }, select: { epochsDone: true } }),
    db.modelVersion.findFirst({ where: { runId }, select: { artifactKey: true } }),
  ]);
  const last = Math.max(run?.epochsDone ?? 0, ...rows.map((r) => r.epoch));
  const keys = new Set(rows.map((r) => r.artifactKey));
  keys.add(checkpointKey(runId, last + 1));
  for (const key of keys) await store.delete(key);
  if (rows.length) await db.checkpoint.deleteMany({ where: { runId, id: { in: rows.map((r) => r.id) } } });
  const pack = modelPackKey(runId);
  const dropPack = model?.artifactKey !== pack;
  if (dropPack) await store.delete(pack);
  return { checkpoints: rows.length, modelPack: dropPack };
}
