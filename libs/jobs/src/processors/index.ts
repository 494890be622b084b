import type { Type } from '@nestjs/common';
import { DatasetProfileProcessor } from './datasets/dataset-profile.processor';
import { FairnessAuditProcessor } from './fairness/fairness-audit.processor';
import { ProjectExportProcessor } from './project-export.processor';
import { RetrainingDriftCheckProcessor } from '../retraining-triggers/drift-check.processor';
import { TrainingRunProcessor } from './training/training-run.processor';
import { ModelCompareProcessor } from './compare/model-compare.processor';
import { RetrainScheduleProcessor } from '../retraining/retrain-schedule.processor';
import { RisksCheckProcessor } from '../risk-checks/risks-check.processor';

/** Every processor of the platform: one per JobName. Add yours here (and its name in @meridian/domain). */
export const ALL_PROCESSORS: Type<unknown>[] = [DatasetProfileProcessor, FairnessAuditProcessor, ProjectExportProcessor, TrainingRunProcessor, ModelCompareProcessor, RetrainScheduleProcessor, RetrainingDriftCheckProcessor, RisksCheckProcessor];

export { ProjectExportProcessor, PROJECT_EXPORT_FORMAT, type ProjectExport } from './project-export.processor';
export { DatasetProfileProcessor, PREVIEW_ROWS, type DatasetProfileResult } from './datasets/dataset-profile.processor';
export { FairnessAuditProcessor, fairnessRiskSubject, recordFairnessOutcome, type FairnessAuditJobResult } from './fairness/fairness-audit.processor';
export { TrainingRunProcessor } from './training/training-run.processor';
export { ModelCompareProcessor, type ModelCompareJobResult } from './compare/model-compare.processor';
