// GraphQL reads of datasets: thin resolvers over the same DatasetsService REST uses. Uploads and
// governance edits stay REST-only (multipart; audited PATCH).
import { Args, Field, Float, ID, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import {
  DATASET_FORMATS,
  DATASET_PROFILE_STATUSES,
  DATASET_SOURCES,
  ZListDatasetsQuery,
  type DatasetFormat,
  type DatasetProfileStatus,
  type DatasetSource,
  type DatasetVersionDetail,
  type DatasetVersionView,
  type DatasetView,
} from '@meridian/domain';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ZodPipe } from '../common/zod';
import { DatasetsService } from './datasets.service';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
const DatasetFormatEnum = asEnum(DATASET_FORMATS);
const DatasetProfileStatusEnum = asEnum(DATASET_PROFILE_STATUSES);
const DatasetSourceEnum = asEnum(DATASET_SOURCES);
registerEnumType(DatasetFormatEnum, { name: 'DatasetFormat' });
registerEnumType(DatasetProfileStatusEnum, { name: 'DatasetProfileStatus' });
registerEnumType(DatasetSourceEnum, { name: 'DatasetSource' });

const ZId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

@ObjectType('DatasetVersion')
export class DatasetVersionType {
  @Field(() => ID) id!: string;
  @Field(() => ID) datasetId!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'Hex SHA-256 of the file' }) contentHash!: string;
  @Field(() => Float) sizeBytes!: number;
  @Field(() => DatasetFormatEnum) format!: DatasetFormat;
  @Field() fileName!: string;
  @Field(() => String, { nullable: true }) targetColumn!: string | null;
  @Field(() => Int, { nullable: true }) rowCount!: number | null;
  @Field(() => [String], { nullable: true, description: 'Column names, once profiled' }) columnNames!: string[] | null;
  @Field(() => DatasetProfileStatusEnum) profileStatus!: DatasetProfileStatus;
  @Field(() => String, { nullable: true }) profileError!: string | null;
  @Field(() => String, { nullable: true, description: 'The profile (ZDatasetProfile) as JSON; only on datasetVersion' }) profileJson!: string | null;
  @Field(() => DatasetSourceEnum) source!: DatasetSource;
  @Field() licence!: string;
  @Field() containsPersonalData!: boolean;
  @Field() anonymised!: boolean;
  @Field() legalBasis!: string;
  @Field(() => Int, { nullable: true }) retentionDays!: number | null;
  @Field(() => String, { nullable: true }) retentionUntil!: string | null;
  @Field() createdAt!: string;
}

@ObjectType('Dataset')
export class DatasetType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => Int) versionCount!: number;
  @Field(() => DatasetVersionType, { nullable: true }) latestVersion!: DatasetVersionType | null;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('DatasetPage')
export class DatasetPageType {
  @Field(() => [DatasetType]) items!: DatasetType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

function versionType(v: DatasetVersionView | DatasetVersionDetail): DatasetVersionType {
  const profile = 'profile' in v ? v.profile : null;
  return { ...v, columnNames: v.columns?.columns.map((c) => c.name) ?? null, profileJson: profile ? JSON.stringify(profile) : null };
}

function datasetType(d: DatasetView): DatasetType {
  return { ...d, latestVersion: d.latestVersion ? versionType(d.latestVersion) : null };
}

@Resolver()
export class DatasetsResolver {
  constructor(private readonly service: DatasetsService) {}

  @Query(() => DatasetPageType)
  @OrgRole('VIEWER')
  async datasets(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | undefined,
    @Args('cursor', { type: () => String, nullable: true }) cursor: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<DatasetPageType> {
    const q = new ZodPipe(ZListDatasetsQuery, 'args').transform({ limit: limit ?? undefined, cursor: cursor ?? undefined });
    if (projectId !== undefined && projectId !== null) new ZodPipe(ZId, 'projectId').transform(projectId);
    const page = await this.service.list(org, { ...q, projectId: projectId ?? undefined });
    return { items: page.items.map(datasetType), nextCursor: page.nextCursor };
  }

  @Query(() => DatasetType)
  @OrgRole('VIEWER')
  async dataset(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<DatasetType> {
    return datasetType(await this.service.get(org, id));
  }

  @Query(() => [DatasetVersionType])
  @OrgRole('VIEWER')
  async datasetVersions(@Args('orgId', { type: () => ID }) _orgId: string, @Args('datasetId', { type: () => ID }, new ZodPipe(ZId, 'datasetId')) datasetId: string, @CurrentOrg() org: OrgAccess): Promise<DatasetVersionType[]> {
    return (await this.service.listVersions(org, datasetId)).map(versionType);
  }

  @Query(() => DatasetVersionType)
  @OrgRole('VIEWER')
  async datasetVersion(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('datasetId', { type: () => ID }, new ZodPipe(ZId, 'datasetId')) datasetId: string,
    @Args('id', { type: () => ID }, new ZodPipe(ZId, 'id')) id: string,
    @CurrentOrg() org: OrgAccess,
  ): Promise<DatasetVersionType> {
    return versionType(await this.service.getVersion(org, datasetId, id));
  }
}
