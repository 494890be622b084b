// Response shapes for OpenAPI, plus the row → view mapping. The assertions at the bottom fail the
// typecheck if a schema drifts from the view interface in @meridian/domain.
import {
  ZDatasetFormat,
  ZDatasetProfile,
  ZDatasetProfileStatus,
  ZDatasetSchema,
  ZDatasetSource,
  type DatasetPreview,
  type DatasetProfile,
  type DatasetSchema,
  type DatasetUploadResult,
  type DatasetVersionDetail,
  type DatasetVersionView,
  type DatasetView,
} from '@meridian/domain';
import { z } from 'zod';
import type { DatasetVersionRow, DatasetWithLatest } from './datasets.repository';

const iso = z.string().describe('ISO 8601 date-time');

export const ZDatasetVersionView = z.object({
  id: z.string(),
  datasetId: z.string(),
  organizationId: z.string(),
  version: z.number().int(),
  contentHash: z.string().describe('Hex SHA-256 of the file'),
  sizeBytes: z.number().int(),
  format: ZDatasetFormat,
  fileName: z.string(),
  targetColumn: z.string().nullable(),
  rowCount: z.number().int().nullable(),
  columns: ZDatasetSchema.nullable(),
  profileStatus: ZDatasetProfileStatus,
  profileError: z.string().nullable(),
  profiledAt: iso.nullable(),
  source: ZDatasetSource,
  licence: z.string(),
  containsPersonalData: z.boolean(),
  anonymised: z.boolean(),
  legalBasis: z.string(),
  retentionDays: z.number().int().nullable(),
  retentionUntil: iso.nullable(),
  createdById: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
});
export const ZDatasetVersionDetail = ZDatasetVersionView.extend({ profile: ZDatasetProfile.nullable() });
export const ZDatasetView = z.object({
  id: z.string(),
  organizationId: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string(),
  createdById: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
  versionCount: z.number().int(),
  latestVersion: ZDatasetVersionView.nullable(),
});
export const ZDatasetUploadResult = z.object({ created: z.boolean(), version: ZDatasetVersionView });
const ZCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const ZDatasetPreview = z.object({ columns: z.array(z.string()), rows: z.array(z.record(z.string(), ZCell)), truncated: z.boolean() });

type VersionListRow = Omit<DatasetVersionRow, 'profile' | 'preview'> & Partial<Pick<DatasetVersionRow, 'profile' | 'preview'>>;

export function versionView(v: VersionListRow): DatasetVersionView {
  return {
    id: v.id,
    datasetId: v.datasetId,
    organizationId: v.organizationId,
    version: v.version,
    contentHash: v.contentHash,
    sizeBytes: Number(v.sizeBytes),
    format: v.format,
    fileName: v.fileName,
    targetColumn: v.targetColumn,
    rowCount: v.rowCount,
    columns: (v.columns as DatasetSchema | null) ?? null,
    profileStatus: v.profileStatus,
    profileError: v.profileError,
    profiledAt: v.profiledAt?.toISOString() ?? null,
    source: v.source,
    licence: v.licence,
    containsPersonalData: v.containsPersonalData,
    anonymised: v.anonymised,
    legalBasis: v.legalBasis,
    retentionDays: v.retentionDays,
    retentionUntil: v.retentionUntil?.toISOString() ?? null,
    createdById: v.createdById,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

export function versionDetail(v: DatasetVersionRow): DatasetVersionDetail {
  return { ...versionView(v), profile: (v.profile as DatasetProfile | null) ?? null };
}

export function datasetView(d: DatasetWithLatest): DatasetView {
  const latest = d.versions[0];
  return {
    id: d.id,
    organizationId: d.organizationId,
    projectId: d.projectId,
    name: d.name,
    description: d.description,
    createdById: d.createdById,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    versionCount: d._count.versions,
    latestVersion: latest ? versionView(latest) : null,
  };
}

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type DatasetViewSchemasMatchDomain = [
  Assert<Equals<z.infer<typeof ZDatasetVersionView>, DatasetVersionView>>,
  Assert<Equals<z.infer<typeof ZDatasetView>, DatasetView>>,
  Assert<Equals<z.infer<typeof ZDatasetUploadResult>, DatasetUploadResult>>,
  Assert<Equals<z.infer<typeof ZDatasetPreview>, DatasetPreview>>,
];
