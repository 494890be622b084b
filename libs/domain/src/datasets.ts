// Dataset and DatasetVersion contracts for the API, SDK and dashboard. Enums mirror
// prisma/schema.prisma (datasets.spec.ts checks); the profile itself is ZDatasetProfile (dataset.ts).
import { z } from 'zod';
import type { DatasetProfile, DatasetSchema } from './dataset';

export const DATASET_FORMATS = ['CSV', 'JSONL', 'IDX'] as const;
export const ZDatasetFormat = z.enum(DATASET_FORMATS);
export type DatasetFormat = z.infer<typeof ZDatasetFormat>;

export const DATASET_PROFILE_STATUSES = ['PENDING', 'RUNNING', 'READY', 'FAILED'] as const;
export const ZDatasetProfileStatus = z.enum(DATASET_PROFILE_STATUSES);
export type DatasetProfileStatus = z.infer<typeof ZDatasetProfileStatus>;

export const DATASET_SOURCES = ['PUBLIC', 'PRIVATE', 'PURCHASED', 'PARTNER'] as const;
export const ZDatasetSource = z.enum(DATASET_SOURCES);
export type DatasetSource = z.infer<typeof ZDatasetSource>;

export const DATASET_SOURCE_LABELS: Record<DatasetSource, string> = {
  PUBLIC: 'Public',
  PRIVATE: 'Private (own data)',
  PURCHASED: 'Purchased',
  PARTNER: 'Partner',
};

/** File name extension → format; anything else is refused at upload with this list in the message. */
export const DATASET_EXTENSIONS: Record<string, DatasetFormat> = {
  '.csv': 'CSV',
  '.jsonl': 'JSONL',
  '.ndjson': 'JSONL',
  '.idx': 'IDX',
  '.idx1-ubyte': 'IDX',
  '.idx3-ubyte': 'IDX',
};

export function datasetFormatOf(fileName: string): DatasetFormat | null {
  const lower = fileName.toLowerCase();
  for (const [ext, format] of Object.entries(DATASET_EXTENSIONS)) if (lower.endsWith(ext)) return format;
  return null;
}

const name = z
  .string()
  .trim()
  .min(1, 'Name is required.')
  .max(100, 'Name is at most 100 characters.')
  .regex(/^[^/\\]+$/, 'Name cannot contain slashes.');

export const ZCreateDatasetSchema = z.object({
  name,
  description: z.string().trim().max(2000, 'Description is at most 2000 characters.').default(''),
});
export type CreateDatasetInput = z.infer<typeof ZCreateDatasetSchema>;

export const ZUpdateDatasetSchema = ZCreateDatasetSchema.partial();
export type UpdateDatasetInput = z.infer<typeof ZUpdateDatasetSchema>;

/** Text fields sent along the file in the multipart upload (all optional). */
export const ZUploadDatasetVersionFields = z.object({
  /** Label column: the profile's class balance is computed on it. */
  targetColumn: z.string().trim().min(1).max(200).optional(),
});
export type UploadDatasetVersionFields = z.infer<typeof ZUploadDatasetVersionFields>;

export const ZDatasetGovernanceSchema = z
  .object({
    source: ZDatasetSource,
    licence: z.string().trim().max(500, 'Licence is at most 500 characters.'),
    containsPersonalData: z.boolean(),
    anonymised: z.boolean(),
    legalBasis: z.string().trim().max(500, 'Legal basis is at most 500 characters.'),
    retentionDays: z.number().int('Retention is a whole number of days.').min(1).max(36_500).nullable(),
    retentionUntil: z.iso.datetime({ offset: true, message: 'retentionUntil must be an ISO 8601 date-time, e.g. 2027-12-31T00:00:00Z.' }).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one governance field to change.' });
export type DatasetGovernanceInput = z.infer<typeof ZDatasetGovernanceSchema>;

export const ZDatasetPreviewQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const ZListDatasetsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

export interface DatasetView {
  id: string;
  organizationId: string;
  projectId: string;
  name: string;
  description: string;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  versionCount: number;
  latestVersion: DatasetVersionView | null;
}

export interface DatasetGovernance {
  source: DatasetSource;
  licence: string;
  containsPersonalData: boolean;
  anonymised: boolean;
  legalBasis: string;
  retentionDays: number | null;
  retentionUntil: string | null;
}

export interface DatasetVersionView extends DatasetGovernance {
  id: string;
  datasetId: string;
  organizationId: string;
  version: number;
  contentHash: string;
  sizeBytes: number;
  format: DatasetFormat;
  fileName: string;
  targetColumn: string | null;
  rowCount: number | null;
  columns: DatasetSchema | null;
  profileStatus: DatasetProfileStatus;
  profileError: string | null;
  profiledAt: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DatasetVersionDetail extends DatasetVersionView {
  profile: DatasetProfile | null;
}

export interface DatasetUploadResult {
  /** False when the same bytes were already a version of this dataset (HTTP 200 instead of 201). */
  created: boolean;
  version: DatasetVersionView;
}

export interface DatasetPreview {
  columns: string[];
  rows: Array<Record<string, string | number | boolean | null>>;
  /** True when the file has more rows than were returned. */
  truncated: boolean;
}
