import { Injectable } from '@nestjs/common';
import { newId, type Prisma, type PrismaClient } from '@meridian/db';
import { afterCursor, type Db } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export type DatasetRow = Prisma.DatasetGetPayload<object>;
export type DatasetVersionRow = Prisma.DatasetVersionGetPayload<object>;
export type DatasetWithLatest = DatasetRow & { versions: DatasetVersionRow[]; _count: { versions: number } };

/** Lists leave out the large JSON columns (profile, preview): a version page asks for them explicitly. */
const VERSION_LIST_OMIT = { profile: true, preview: true } as const;

/** Every query takes the organisation id: a dataset is only ever found inside its organisation. */
@Injectable()
export class DatasetsRepository {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}

  createDataset(data: { organizationId: string; projectId: string; name: string; description: string; createdById: string | null }, db: Db = this.prisma) {
    return db.dataset.create({ data: { id: newId(), ...data } });
  }

  findDataset(organizationId: string, id: string, db: Db = this.prisma): Promise<DatasetWithLatest | null> {
    return db.dataset.findFirst({
      where: { id, organizationId },
      include: { versions: { orderBy: { version: 'desc' }, take: 1, omit: VERSION_LIST_OMIT }, _count: { select: { versions: true } } },
    }) as Promise<DatasetWithLatest | null>;
  }

  pageDatasets(organizationId: string, projectId: string | undefined, limit: number, cursor: { createdAt: Date; id: string } | null): Promise<DatasetWithLatest[]> {
    return this.prisma.dataset.findMany({
      where: { organizationId, ...(projectId ? { projectId } : {}), ...(cursor ? afterCursor(cursor) : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      include: { versions: { orderBy: { version: 'desc' }, take: 1, omit: VERSION_LIST_OMIT }, _count: { select: { versions: true } } },
    }) as Promise<DatasetWithLatest[]>;
  }

  projectExists(organizationId: string, projectId: string): Promise<boolean> {
    return this.prisma.project.count({ where: { id: projectId, organizationId } }).then((n) => n > 0);
  }

  listVersions(organizationId: string, datasetId: string) {
    return this.prisma.datasetVersion.findMany({ where: { organizationId, datasetId }, orderBy: { version: 'desc' }, take: 500, omit: VERSION_LIST_OMIT });
  }

  findVersion(organizationId: string, datasetId: string, id: string, db: Db = this.prisma) {
    return db.datasetVersion.findFirst({ where: { id, datasetId, organizationId } });
  }

  findVersionByHash(organizationId: string, datasetId: string, contentHash: string, db: Db = this.prisma) {
    return db.datasetVersion.findFirst({ where: { organizationId, datasetId, contentHash } });
  }

  async nextVersionNumber(datasetId: string, db: Db): Promise<number> {
    const agg = await db.datasetVersion.aggregate({ where: { datasetId }, _max: { version: true } });
    return (agg._max.version ?? 0) + 1;
  }

  createVersion(data: Prisma.DatasetVersionUncheckedCreateInput, db: Db) {
    return db.datasetVersion.create({ data });
  }

  updateVersion(organizationId: string, id: string, data: Prisma.DatasetVersionUncheckedUpdateManyInput, db: Db = this.prisma) {
    return db.datasetVersion.updateMany({ where: { id, organizationId }, data });
  }

  createJobRecord(data: { id: string; organizationId: string; name: string; payload: Prisma.InputJsonValue; createdById: string | null }, db: Db) {
    return db.jobRecord.create({ data: { ...data, idempotencyKey: null } });
  }

  async deleteJobRecord(id: string): Promise<void> {
    await this.prisma.jobRecord.deleteMany({ where: { id } });
  }
}
