import { z } from 'zod';
import { ZBusinessModel, ZProjectStage, ZStartupMode, type BusinessModel, type ProjectStage, type StartupMode } from './enums';

/** A SMART goal: a statement, and optionally the metric, threshold and deadline that make it measurable. */
export const ZProjectGoal = z
  .object({
    statement: z.string().trim().max(500).default(''),
    metric: z.string().trim().min(1).max(60).nullable().default(null),
    threshold: z.number().finite().nullable().default(null),
    deadline: z.iso.date({ error: 'must be a date like 2027-05-31' }).nullable().default(null),
  })
  .refine((g) => (g.metric === null) === (g.threshold === null), {
    message: 'metric and threshold go together: set both or neither',
    path: ['threshold'],
  });

export const ZCreateProjectSchema = z.object({
  name: z.string().trim().min(2).max(120),
  description: z.string().trim().max(2000).default(''),
  stage: ZProjectStage.default('PLANNING'),
  startupMode: ZStartupMode,
  businessModel: ZBusinessModel,
  goal: ZProjectGoal.default({ statement: '', metric: null, threshold: null, deadline: null }),
});
export type CreateProjectInput = z.infer<typeof ZCreateProjectSchema>;

export const ZUpdateProjectSchema = z
  .object({
    name: z.string().trim().min(2).max(120),
    description: z.string().trim().max(2000),
    stage: ZProjectStage,
    startupMode: ZStartupMode,
    businessModel: ZBusinessModel,
    goal: ZProjectGoal,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' });
export type UpdateProjectInput = z.infer<typeof ZUpdateProjectSchema>;

export interface ProjectGoalView {
  statement: string;
  metric: string | null;
  threshold: number | null;
  deadline: string | null;
}
export interface ProjectView {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  stage: ProjectStage;
  startupMode: StartupMode;
  businessModel: BusinessModel;
  goal: ProjectGoalView;
  createdAt: string;
  updatedAt: string;
}
