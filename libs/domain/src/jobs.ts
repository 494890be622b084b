// Job contracts: one enum of names, one payload schema per name. The worker refuses to start if a
// name has no handler or two; producers and consumers both validate payloads with these schemas.
import { z } from 'zod';

export const JobName = {
  ProjectExport: 'project.export',
  DatasetProfile: 'dataset.profile',
  FairnessAudit: 'fairness.audit',
  TrainingRun: 'training.run',
  /** Challenger vs champion on the same test rows (champ, issue 4). */
  ModelCompare: 'model.compare',
  /** A DRIFT retraining trigger compares a new dataset version with the production model's training data (trig, issue 4). */
  RetrainingDriftCheck: 'retraining.drift-check',
  /** A retraining schedule's cron slot: fired by queue.upsertSchedule (sched, issue 4). */
  RetrainingSchedule: 'retraining.schedule',
  /** The risk loop's daily check: budget overruns and satisfaction drops of every project (issue 6). */
  RisksCheck: 'risks.check',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
export const JOB_NAMES = Object.values(JobName) as JobName[];

export const JobPayloadSchemas = {
  [JobName.RetrainingDriftCheck]: z.object({
    jobRecordId: z.string(),
    organizationId: z.string(),
    triggerId: z.string(),
    datasetVersionId: z.string(),
  }),
  [JobName.FairnessAudit]: z.object({
    jobRecordId: z.string(),
    organizationId: z.string(),
    auditId: z.string(),
  }),
  [JobName.ProjectExport]: z.object({
    jobRecordId: z.string(),
    organizationId: z.string(),
    projectId: z.string(),
  }),
  [JobName.TrainingRun]: z.object({
    jobRecordId: z.string(),
    organizationId: z.string(),
    runId: z.string(),
  }),
  [JobName.DatasetProfile]: z.object({
    jobRecordId: z.string(),
    organizationId: z.string(),
    datasetVersionId: z.string(),
  }),
  [JobName.RetrainingSchedule]: z.object({
    organizationId: z.string(),
    scheduleId: z.string(),
  }),
  /** null: every organisation (the daily scheduler's job). */
  [JobName.RisksCheck]: z.object({
    organizationId: z.string().nullable(),
  }),
  [JobName.ModelCompare]: z.object({
    jobRecordId: z.string(),
    organizationId: z.string(),
    comparisonId: z.string(),
  }),
} satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof JobPayloadSchemas)[N]>;

export interface JobView {
  id: string;
  name: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  progress: number;
  result: unknown;
  error: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
