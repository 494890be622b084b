// Planning contracts shared by the API, the web app and libs/planning: tasks for the critical path,
// SMART milestones, burn-up items and the facts a lifecycle stage's entry criteria are checked against.
import { z } from 'zod';
import { ZProjectStage } from './enums';

const ZIsoDate = z.iso.date({ error: 'must be a date like 2027-05-31' });

export const TASK_STATUSES = ['BACKLOG', 'TODO', 'IN_PROGRESS', 'BLOCKED', 'DONE'] as const;
export const ZTaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof ZTaskStatus>;

/** CPM is unit-agnostic; the Gantt layout reads durations as working days or working hours. */
export const DURATION_UNITS = ['DAYS', 'HOURS'] as const;
export const ZDurationUnit = z.enum(DURATION_UNITS);
export type DurationUnit = z.infer<typeof ZDurationUnit>;

/** One task as the critical path method sees it: finish-to-start dependencies only. */
export const ZCpmTask = z.object({
  id: z.string().trim().min(1).max(64),
  name: z.string().trim().max(200).optional(),
  duration: z.number().finite().min(0, { error: 'duration cannot be negative' }),
  dependsOn: z.array(z.string().trim().min(1).max(64)).max(500).default([]),
});
export type CpmTaskInput = z.infer<typeof ZCpmTask>;

export const ZCreateTaskSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(''),
  estimate: z.number().finite().min(0, { error: 'an estimate cannot be negative' }),
  estimateUnit: ZDurationUnit.default('DAYS'),
  status: ZTaskStatus.default('TODO'),
  assigneeId: z.string().min(1).max(64).nullable().default(null),
  dependsOn: z.array(z.string().min(1).max(64)).max(500).default([]),
  milestoneId: z.string().min(1).max(64).nullable().default(null),
});
export type CreateTaskInput = z.infer<typeof ZCreateTaskSchema>;

export const GOAL_DIRECTIONS = ['AT_LEAST', 'AT_MOST'] as const;
export const ZGoalDirection = z.enum(GOAL_DIRECTIONS);
export type GoalDirection = z.infer<typeof ZGoalDirection>;

export const MILESTONE_STATUSES = ['ACHIEVED', 'ON_TRACK', 'AT_RISK', 'MISSED'] as const;
export const ZMilestoneStatus = z.enum(MILESTONE_STATUSES);
export type MilestoneStatus = z.infer<typeof ZMilestoneStatus>;

/** A SMART milestone: "test accuracy AT_LEAST 0.90 by 2027-05-31", started on startDate. */
export const ZMilestoneGoal = z
  .object({
    metric: z.string().trim().min(1).max(60),
    threshold: z.number().finite(),
    direction: ZGoalDirection.default('AT_LEAST'),
    startDate: ZIsoDate,
    deadline: ZIsoDate,
    /** The value progress is measured from; defaults to the first observation (or 0 for AT_LEAST). */
    baseline: z.number().finite().nullable().default(null),
  })
  .refine((g) => g.deadline >= g.startDate, { message: 'the deadline must be on or after the start date', path: ['deadline'] });
export type MilestoneGoalInput = z.infer<typeof ZMilestoneGoal>;

export const ZCreateMilestoneSchema = z.object({
  title: z.string().trim().min(1).max(200),
  ownerId: z.string().min(1).max(64).nullable().default(null),
  goal: ZMilestoneGoal,
});
export type CreateMilestoneInput = z.infer<typeof ZCreateMilestoneSchema>;

export const ZMetricObservation = z.object({ date: ZIsoDate, value: z.number().finite() });
export type MetricObservation = z.infer<typeof ZMetricObservation>;

/** Facts the platform supplies about a project; a fact left out is reported as UNKNOWN, never guessed. */
export const ZLifecycleFacts = z
  .object({
    goalDefined: z.boolean(),
    milestoneCount: z.number().int().min(0),
    teamMemberCount: z.number().int().min(0),
    datasetVersionCount: z.number().int().min(0),
    datasetProfiled: z.boolean(),
    dataGovernanceRecorded: z.boolean(),
    modelSpecDefined: z.boolean(),
    computeBudgetDefined: z.boolean(),
    succeededRunCount: z.number().int().min(0),
    modelVersionCount: z.number().int().min(0),
    modelPassedGoal: z.boolean(),
    /** null when no audit is required (no sensitive features and the project is not high-risk). */
    fairnessAuditPassed: z.boolean().nullable(),
    openUnacceptedHighRiskCount: z.number().int().min(0),
    productionModelExists: z.boolean(),
    monitoringConfigured: z.boolean(),
  })
  .partial();
export type LifecycleFacts = z.infer<typeof ZLifecycleFacts>;

export const CRITERION_STATUSES = ['MET', 'UNMET', 'UNKNOWN'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

export const ZStageEntryQuery = z.object({ stage: ZProjectStage, facts: ZLifecycleFacts });

/** Codes of PlanningError; the API maps every one of them to 400 VALIDATION_FAILED. */
export const PLANNING_ERROR_CODES = [
  'DEPENDENCY_CYCLE',
  'UNKNOWN_DEPENDENCY',
  'DUPLICATE_TASK',
  'NEGATIVE_DURATION',
  'INVALID_DURATION',
  'INVALID_DATE',
  'INVALID_INPUT',
] as const;
export type PlanningErrorCode = (typeof PLANNING_ERROR_CODES)[number];

/** Human labels for the dashboard, next to the enums so they never drift. */
export const PLANNING_LABELS = {
  taskStatus: { BACKLOG: 'Backlog', TODO: 'To do', IN_PROGRESS: 'In progress', BLOCKED: 'Blocked', DONE: 'Done' },
  milestoneStatus: { ACHIEVED: 'Achieved', ON_TRACK: 'On track', AT_RISK: 'At risk', MISSED: 'Missed' },
  goalDirection: { AT_LEAST: 'at least', AT_MOST: 'at most' },
} as const satisfies {
  taskStatus: Record<TaskStatus, string>;
  milestoneStatus: Record<MilestoneStatus, string>;
  goalDirection: Record<GoalDirection, string>;
};
