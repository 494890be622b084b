export { DataError, type DataErrorCode, type DataErrorLocation } from './errors';
export { createRng, shuffleInPlace, type Rng } from './rng';
export { chunksOf, fingerprint, Fingerprinter, type DataSource } from './source';
export {
  scanCsv,
  CsvTokenizer,
  CsvRow,
  parseNumberBytes,
  detectDelimiter,
  detectHeader,
  csvField,
  csvLine,
  MISSING_TOKENS,
  type CsvOptions,
  type CsvScanResult,
  type CsvRowHandler,
} from './csv';
export { Reservoir, HyperLogLog, RowHashSet, quantileSorted } from './sketches';
export { profileCsv, profileTable, ColumnAccumulator, sensitiveByName, parseDate, QUANTILES, type ProfileOptions, type CsvProfileOptions } from './profile';
export {
  readCsvTable,
  readJsonlTable,
  takeRows,
  selectColumns,
  column,
  columnStrings,
  inferTextKind,
  schemaOf,
  schemaFromProfile,
  type Table,
  type Column,
  type NumericColumn,
  type TextColumn,
  type ReadTableOptions,
  type JsonlOptions,
} from './table';
export { parseIdx, readIdx, encodeIdx, readMnist, type IdxArray, type IdxData, type ImageDataset } from './idx';
export { dropDuplicates, fillMissing, clipOutliers, type MissingStrategy, type ClipMethod } from './clean';
export {
  fitPreprocessing,
  applyPreprocessing,
  decodeClasses,
  decodeTargets,
  parsePreprocessing,
  scale255,
  reshape,
  ZPreprocessing,
  ZFeatureTransform,
  ZTargetEncoding,
  type Preprocessing,
  type FeatureTransform,
  type TargetEncoding,
  type FitOptions,
  type NumericScaling,
  type Dataset2D,
  type TransformResult,
} from './transforms';
export { trainValTestSplit, kFold, type SplitOptions, type SplitIndices, type Fold } from './split';
export { augmentImages, type AugmentOptions } from './augment';
export { detectDrift, psiNumeric, psiCategorical, ksTwoSample, chiSquareHomogeneity, quantileEdges, type DriftOptions } from './drift';
export { chiSquareSurvival, kolmogorovQ, gammaQ, logGamma } from './stats';
export { readTable } from './read';
export { fitFactsFromProfile, type FitFacts, type FitFactsOptions } from './fit-facts';
