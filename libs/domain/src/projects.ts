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

const updateFields = {
  name: z.string().trim().min(2).max(120),
  description: z.string().trim().max(2000),
  stage: ZProjectStage,
  startupMode: ZStartupMode,
  businessModel: ZBusinessModel,
  goal: ZProjectGoal,
};
const atLeastOne = { message: 'send at least one field to change' };

export const ZUpdateProjectSchema = z
  .object(updateFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, atLeastOne);
export type UpdateProjectInput = z.infer<typeof ZUpdateProjectSchema>;

/**
 * Moving a project into a stage whose entry criteria are not met is refused (422 naming them); an
 * OWNER or ADMIN may move it anyway by saying why, and the reason goes to the audit log. Only the
 * REST edit takes it: GraphQL's updateProject keeps ZUpdateProjectSchema, so overrides stay REST-only.
 */
export const ZStageOverrideReason = z.string().trim().min(10, { message: 'say in at least 10 characters why the unmet criteria do not apply' }).max(500);

export const ZUpdateProjectBody = z
  .object({ ...updateFields, stageOverrideReason: ZStageOverrideReason })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'stageOverrideReason'), atLeastOne)
  .refine((v) => v.stageOverrideReason === undefined || v.stage !== undefined, { message: 'an override reason only goes with a stage move', path: ['stageOverrideReason'] });
export type UpdateProjectBody = z.infer<typeof ZUpdateProjectBody>;

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
