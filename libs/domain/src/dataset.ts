// Dataset contracts shared by the data pipeline (which computes them), the API (which stores them
// with a DatasetVersion) and the dashboard (which renders them). Schemas, not just types, because
// profiles and drift reports cross process boundaries as JSON and are validated on the way in.
import { z } from 'zod';

export const ZColumnKind = z.enum(['numeric', 'categorical', 'boolean', 'date', 'text']);
export type ColumnKind = z.infer<typeof ZColumnKind>;

export const ZColumnSchema = z.object({
  name: z.string(),
  kind: ZColumnKind,
  /** True when at least one value is missing (empty, NA, null, NaN, ?). */
  nullable: z.boolean(),
});
export type ColumnSchema = z.infer<typeof ZColumnSchema>;

export const ZDatasetSchema = z.object({ columns: z.array(ZColumnSchema) });
export type DatasetSchema = z.infer<typeof ZDatasetSchema>;

export const ZHistogram = z.object({
  /** bins + 1 ascending edges; bin i covers [edges[i], edges[i+1]) and the last bin is closed. */
  edges: z.array(z.number()),
  counts: z.array(z.number()),
  /** False when counts were scaled from a uniform sample of the column (large inputs). */
  exact: z.boolean(),
});
export type Histogram = z.infer<typeof ZHistogram>;

export const ZValueCount = z.object({ value: z.string(), count: z.number().int().nonnegative() });
export type ValueCount = z.infer<typeof ZValueCount>;

export const ZSensitiveReason = z.enum(['name', 'values:email', 'values:phone']);

export const ZSensitiveFlag = z.object({
  /** Which personal attribute the column seems to carry: sex, gender, race, age, email, phone... */
  category: z.string(),
  /** `name` = matched by column name; `values:*` = matched by the share of values with that pattern. */
  reason: ZSensitiveReason,
  note: z.string(),
});
export type SensitiveFlag = z.infer<typeof ZSensitiveFlag>;

export const ZColumnProfile = z.object({
  name: z.string(),
  kind: ZColumnKind,
  count: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  distinct: z.number().int().nonnegative(),
  /** False when `distinct` is a HyperLogLog estimate (about 0.8 % standard error). */
  distinctExact: z.boolean(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  /** Keys p1, p5, p25, p50, p75, p95, p99. */
  quantiles: z.record(z.string(), z.number()).nullable(),
  /** False when quantiles come from a uniform sample (see the data-pipeline README for the bound). */
  quantilesExact: z.boolean(),
  histogram: ZHistogram.nullable(),
  topValues: z.array(ZValueCount),
  sensitive: ZSensitiveFlag.nullable(),
});
export type ColumnProfile = z.infer<typeof ZColumnProfile>;

export const ZClassBalance = z.object({
  column: z.string(),
  classes: z.array(z.object({ value: z.string(), count: z.number().int(), share: z.number() })),
  /** Largest class count divided by the smallest; 1 is perfectly balanced. */
  imbalanceRatio: z.number(),
});
export type ClassBalance = z.infer<typeof ZClassBalance>;

export const ZBadRowReport = z.object({
  line: z.number().int(),
  byteOffset: z.number().int(),
  reason: z.string(),
});
export type BadRowReport = z.infer<typeof ZBadRowReport>;

export const ZDatasetProfile = z.object({
  format: z.enum(['csv', 'jsonl', 'idx', 'table']),
  rows: z.number().int().nonnegative(),
  columns: z.array(ZColumnProfile),
  duplicateRows: z.number().int().nonnegative(),
  classBalance: ZClassBalance.nullable(),
  sensitiveColumns: z.array(z.string()),
  skippedRows: z.number().int().nonnegative(),
  badRows: z.array(ZBadRowReport),
  /** `sha256:<hex>` of the bytes read; equal fingerprints mean the same dataset version. */
  fingerprint: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
});
export type DatasetProfile = z.infer<typeof ZDatasetProfile>;

export const ZDriftVerdict = z.enum(['stable', 'warning', 'drift']);
export type DriftVerdict = z.infer<typeof ZDriftVerdict>;

export const ZColumnDrift = z.object({
  column: z.string(),
  kind: ZColumnKind,
  /** Population stability index (numeric and categorical). */
  psi: z.number().nullable(),
  /** Two-sample Kolmogorov-Smirnov statistic and asymptotic p-value (numeric only). */
  ks: z.object({ statistic: z.number(), pValue: z.number() }).nullable(),
  /** Pearson chi-square test of homogeneity (categorical only). */
  chiSquare: z.object({ statistic: z.number(), dof: z.number().int(), pValue: z.number() }).nullable(),
  verdict: ZDriftVerdict,
  reason: z.string(),
});
export type ColumnDrift = z.infer<typeof ZColumnDrift>;

export const ZDriftReport = z.object({
  columns: z.array(ZColumnDrift),
  drifted: z.array(z.string()),
  verdict: ZDriftVerdict,
  /** alphaPerColumn = alpha / columns tested (Bonferroni) unless the correction is turned off. */
  thresholds: z.object({ psiWarning: z.number(), psiDrift: z.number(), alpha: z.number(), alphaPerColumn: z.number() }),
});
export type DriftReport = z.infer<typeof ZDriftReport>;
