import { endianness } from 'node:os';
import { Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@meridian/db';
import type { JobStatus } from '@meridian/domain';
import { withdrawTrainingRun } from '@meridian/jobs';
import type { Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export type RunRow = Prisma.TrainingRunGetPayload<{ include: { modelVersions: { select: { id: true } } } }>;
const withModel = { modelVersions: { select: { id: true } } } as const;
/** What every RunRow includes (for code that creates runs elsewhere, e.g. insertTrainingRun). */
export const RUN_INCLUDE = withModel;

export interface MetricPointRow {
  key: string;
  step: number;
  value: number;
}

// Summary points are stored little-endian whatever the machine: written through a DataView that
// says so; read through typed arrays (a memcpy, ~10x faster than DataView calls on 500 series)
// when the machine is little-endian too, as every platform Node runs on in practice is.
const LITTLE_ENDIAN = endianness() === 'LE';
function encodeInt32(xs: number[]): Uint8Array<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(xs.length * 4));
  xs.forEach((x, i) => view.setInt32(i * 4, x, true));
  return new Uint8Array(view.buffer);
}
function encodeFloat64(xs: number[]): Uint8Array<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(xs.length * 8));
  xs.forEach((x, i) => view.setFloat64(i * 8, x, true));
  return new Uint8Array(view.buffer);
}
function decodeInt32(b: Uint8Array): ArrayLike<number> {
  if (LITTLE_ENDIAN) {
    const out = new Int32Array(b.byteLength / 4);
    new Uint8Array(out.buffer).set(b);
    return out;
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.byteLength / 4 }, (_, i) => view.getInt32(i * 4, true));
}
function decodeFloat64(b: Uint8Array): ArrayLike<number> {
  if (LITTLE_ENDIAN) {
    const out = new Float64Array(b.byteLength / 8);
    new Uint8Array(out.buffer).set(b);
    return out;
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

export interface SeriesSummaryMeta {
  runId: string;
  key: string;
  version: string;
  total: number;
  lastStep: number;
  lastValue: number;
  resolution: number;
}

export interface SeriesSummaryRow extends Omit<SeriesSummaryMeta, 'runId'> {
  steps: number[];
  values: number[];
}

/** Every query takes the organisation id: a run is only ever found inside its organisation. */
@Injectable()
export class RunsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  find(organizationId: string, id: string, db: Db = this.prisma): Promise<RunRow | null> {
    return db.trainingRun.findFirst({ where: { id, organizationId }, include: withModel });
  }

  findMany(organizationId: string, ids: string[]): Promise<RunRow[]> {
    return this.prisma.trainingRun.findMany({ where: { organizationId, id: { in: ids } }, include: withModel });
  }

  findByIdempotencyKey(organizationId: string, idempotencyKey: string): Promise<RunRow | null> {
    return this.prisma.trainingRun.findUnique({ where: { organizationId_idempotencyKey: { organizationId, idempotencyKey } }, include: withModel });
  }

  page(organizationId: string, q: { limit: number; projectId?: string; status?: JobStatus }, cursor: { createdAt: Date; id: string } | null): Promise<RunRow[]> {
    return this.prisma.trainingRun.findMany({
      where: {
        organizationId,
        ...(q.projectId ? { projectId: q.projectId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
      include: withModel,
    });
  }

  create(data: Prisma.TrainingRunUncheckedCreateInput, db: Db = this.prisma): Promise<RunRow> {
    return db.trainingRun.create({ data, include: withModel });
  }

  /** Removes a run whose job could not be queued (and its JobRecord), so nothing half-made stays. */
  withdraw(created: { runId: string; jobId: string }): Promise<void> {
    return withdrawTrainingRun(this.prisma, created);
  }

  async setJob(id: string, jobRecordId: string, db: Db = this.prisma): Promise<void> {
    await db.trainingRun.update({ where: { id }, data: { jobRecordId } });
  }

  delete(id: string): Promise<unknown> {
    return this.prisma.trainingRun.delete({ where: { id } });
  }

  async transition(id: string, from: JobStatus[], data: Prisma.TrainingRunUncheckedUpdateManyInput, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.trainingRun.updateMany({ where: { id, status: { in: from } }, data });
    return count > 0;
  }

  async insertMetrics(runId: string, points: Array<{ key: string; step: number; value: number; time: Date }>): Promise<number> {
    // One INSERT … SELECT FROM unnest(arrays) per chunk: four array parameters instead of a
    // parameter per field (createMany's statement for 10,000 points took seconds to build and send).
    // ON CONFLICT DO NOTHING on (runId, key, step) makes a resent batch harmless.
    let inserted = 0;
    const CHUNK = 20_000;
    for (let i = 0; i < points.length; i += CHUNK) {
      const chunk = points.slice(i, i + CHUNK);
      inserted += await this.prisma.$executeRaw`
        INSERT INTO "RunMetric" ("runId", key, step, value, time)
        SELECT ${runId}, k, s, v, t
        FROM unnest(${chunk.map((p) => p.key)}::text[], ${chunk.map((p) => p.step)}::int[], ${chunk.map((p) => p.value)}::float8[], ${chunk.map((p) => p.time.toISOString())}::timestamp[]) AS u(k, s, v, t)
        ON CONFLICT ("runId", key, step) DO NOTHING`;
    }
    return inserted;
  }

  metricKeys(runIds: string[]): Promise<Array<{ runId: string; key: string; count: bigint }>> {
    if (!runIds.length) return Promise.resolve([]);
    return this.prisma.$queryRaw`SELECT "runId", key, count(*)::bigint AS count FROM "RunMetric" WHERE "runId" IN (${Prisma.join(runIds)}) GROUP BY "runId", key ORDER BY key`;
  }

  /** Series of one run in step order, one row per key with its steps and values as arrays (cheaper than a row per point). */
  async series(runId: string, keys: string[]): Promise<Map<string, { steps: number[]; values: number[] }>> {
    if (!keys.length) return new Map();
    const rows = await this.prisma.$queryRaw<Array<{ key: string; steps: number[]; values: number[] }>>`
      SELECT key, array_agg(step ORDER BY step) AS steps, array_agg(value ORDER BY step) AS values
      FROM "RunMetric" WHERE "runId" = ${runId} AND key = ANY(${keys}::text[]) GROUP BY key`;
    return new Map(rows.map((r) => [r.key, { steps: r.steps, values: r.values }]));
  }

  /** Every series of one run (all keys), in step order; inside a transaction when summarising. */
  async allSeries(runId: string, db: Db = this.prisma): Promise<Array<{ key: string; steps: number[]; values: number[] }>> {
    return db.$queryRaw<Array<{ key: string; steps: number[]; values: number[] }>>`
      SELECT key, array_agg(step ORDER BY step) AS steps, array_agg(value ORDER BY step) AS values
      FROM "RunMetric" WHERE "runId" = ${runId} GROUP BY key ORDER BY key`;
  }

  /**
   * Locks the run's row until the transaction ends. Inserting a RunMetric takes a KEY SHARE lock on
   * it (the foreign key), so while a summary is computed no point can land unseen: a writer that
   * was first has committed, a later one waits and its trigger then deletes the fresh summary.
   */
  async lockRun(runId: string, db: Db): Promise<void> {
    await db.$queryRaw`SELECT id FROM "TrainingRun" WHERE id = ${runId} FOR UPDATE`;
  }

  async replaceSummaries(runId: string, rows: SeriesSummaryRow[], db: Db): Promise<void> {
    await db.runSeriesSummary.deleteMany({ where: { runId } });
    if (rows.length) {
      await db.runSeriesSummary.createMany({
        data: rows.map((r) => ({ runId, key: r.key, version: r.version, total: r.total, lastStep: r.lastStep, lastValue: r.lastValue, resolution: r.resolution, steps: encodeInt32(r.steps), values: encodeFloat64(r.values) })),
      });
    }
  }

  /** Which of these runs have any metric point (one index probe per run). */
  async runsWithPoints(runIds: string[]): Promise<Set<string>> {
    if (!runIds.length) return new Set();
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT r.id FROM unnest(${runIds}::text[]) AS r(id) WHERE EXISTS (SELECT 1 FROM "RunMetric" m WHERE m."runId" = r.id)`;
    return new Set(rows.map((r) => r.id));
  }

  /** Which summaries the runs have (without their points): cheap enough to read on every compare. */
  summaryMeta(runIds: string[]): Promise<SeriesSummaryMeta[]> {
    if (!runIds.length) return Promise.resolve([]);
    return this.prisma.runSeriesSummary.findMany({
      where: { runId: { in: runIds } },
      select: { runId: true, key: true, version: true, total: true, lastStep: true, lastValue: true, resolution: true },
      orderBy: [{ runId: 'asc' }, { key: 'asc' }],
    });
  }

  /** The stored points of the given (run, key) summaries. */
  async summaryPoints(pairs: Array<{ runId: string; key: string }>): Promise<Array<{ runId: string; key: string; version: string; steps: ArrayLike<number>; values: ArrayLike<number> }>> {
    if (!pairs.length) return [];
    const rows = await this.prisma.$queryRaw<Array<{ runId: string; key: string; version: string; steps: Uint8Array; values: Uint8Array }>>`
      SELECT s."runId", s.key, s.version, s.steps, s.values
      FROM "RunSeriesSummary" s
      JOIN unnest(${pairs.map((p) => p.runId)}::text[], ${pairs.map((p) => p.key)}::text[]) AS u(r, k) ON s."runId" = u.r AND s.key = u.k`;
    return rows.map((r) => ({ runId: r.runId, key: r.key, version: r.version, steps: decodeInt32(r.steps), values: decodeFloat64(r.values) }));
  }

  artifacts(runId: string) {
    return this.prisma.runArtifact.findMany({ where: { runId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  findArtifact(runId: string, where: { id: string } | { name: string }) {
    return this.prisma.runArtifact.findFirst({ where: { runId, ...where } });
  }

  createArtifact(data: Prisma.RunArtifactUncheckedCreateInput) {
    return this.prisma.runArtifact.create({ data });
  }

  findDatasetVersion(organizationId: string, id: string) {
    return this.prisma.datasetVersion.findFirst({ where: { id, organizationId } });
  }

  /** Dataset versions a run can train on, newest first (for the start-a-run form). */
  trainableVersions(organizationId: string, projectId?: string) {
    return this.prisma.datasetVersion.findMany({
      where: { organizationId, ...(projectId ? { dataset: { projectId } } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
      select: { id: true, version: true, fileName: true, rowCount: true, columns: true, targetColumn: true, format: true, dataset: { select: { id: true, name: true, projectId: true } } },
    });
  }

  findProject(organizationId: string, id: string) {
    return this.prisma.project.findFirst({ where: { id, organizationId }, select: { id: true } });
  }
}

/** Reads for the live stream (polled when the trainer runs in another process). */
@Injectable()
export class RunStreamReads {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  status(id: string) {
    return this.prisma.trainingRun.findUnique({ where: { id }, select: { status: true, progress: true, epochsDone: true, error: true } });
  }

  metricsSince(runId: string, since: Date): Promise<Array<{ key: string; step: number; value: number; time: Date }>> {
    return this.prisma.runMetric.findMany({ where: { runId, time: { gt: since } }, select: { key: true, step: true, value: true, time: true }, orderBy: { time: 'asc' }, take: 5000 });
  }
}
