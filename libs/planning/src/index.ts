export { PlanningError, DependencyCycleError } from './errors';
export { computeCriticalPath, type CpmTask, type CpmResult, type CpmOptions, type ScheduledTask } from './cpm';
export { layoutGantt, type CalendarOptions, type GanttBar, type GanttLink, type GanttLayout } from './gantt';
export { burnupSeries, type BurnupItem, type BurnupPoint, type BurnupOptions } from './burnup';
export { milestoneProgress, type MilestoneGoal, type MilestoneProgress, type MilestoneProgressOptions } from './milestones';
export { evaluateStageEntry, highestEnterableStage, STAGE_CRITERIA, type StageCriterion, type CriterionResult, type StageEntryResult } from './lifecycle';
export { addDays, toDayNumber, fromDayNumber } from './dates';
