// Response shapes of the progress routes for the OpenAPI document; the assertions at the bottom fail
// the typecheck if one drifts from the view interface in @meridian/domain.
import { CRITERION_STATUSES, GOAL_DIRECTIONS, MILESTONE_STATUSES, TASK_STATUSES, ZProjectStage, type LifecycleView, type MilestoneView, type ProjectPlanView, type TaskView } from '@meridian/domain';
import { z } from 'zod';

const isoDay = z.string().describe('YYYY-MM-DD');
export const ZMilestoneView = z.object({
  id: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  title: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  goal: z.object({ metric: z.string(), threshold: z.number(), direction: z.enum(GOAL_DIRECTIONS), startDate: isoDay, deadline: isoDay, baseline: z.number().nullable() }),
  status: z.enum(MILESTONE_STATUSES),
  progressPct: z.number(),
  elapsedPct: z.number(),
  current: z.number().nullable(),
  reason: z.string(),
  source: z.string().describe('where the latest value came from: manual or a model version'),
  observations: z.array(z.object({ date: isoDay, value: z.number(), source: z.string() })),
});
export const ZTaskView = z.object({
  id: z.string(),
  projectId: z.string(),
  title: z.string(),
  description: z.string(),
  estimate: z.number().describe('working days'),
  status: z.enum(TASK_STATUSES),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  milestoneId: z.string().nullable(),
  dependsOn: z.array(z.string()),
  position: z.number().int(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
});
export const ZProjectPlanView = z.object({
  projectId: z.string(),
  startDate: isoDay,
  projectDuration: z.number().describe('working days'),
  endDate: isoDay,
  criticalPath: z.array(z.string()),
  tasks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(TASK_STATUSES),
      duration: z.number(),
      earliestStart: z.number(),
      earliestFinish: z.number(),
      latestStart: z.number(),
      latestFinish: z.number(),
      totalSlack: z.number(),
      critical: z.boolean(),
      start: isoDay,
      end: isoDay,
    }),
  ),
  links: z.array(z.object({ from: z.string(), to: z.string(), critical: z.boolean() })),
  burnup: z.array(z.object({ date: isoDay, scope: z.number(), done: z.number() })),
});
export const ZLifecycleView = z.object({
  projectId: z.string(),
  currentStage: ZProjectStage,
  highestEnterableStage: ZProjectStage,
  stages: z.array(
    z.object({
      stage: ZProjectStage,
      canEnter: z.boolean(),
      criteria: z.array(z.object({ id: z.string(), description: z.string(), status: z.enum(CRITERION_STATUSES), reason: z.string() })),
    }),
  ),
});

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type ProgressViewSchemasMatchDomain = [
  Assert<Equals<z.infer<typeof ZMilestoneView>, MilestoneView>>,
  Assert<Equals<z.infer<typeof ZTaskView>, TaskView>>,
  Assert<Equals<z.infer<typeof ZProjectPlanView>, ProjectPlanView>>,
  Assert<Equals<z.infer<typeof ZLifecycleView>, LifecycleView>>,
];
