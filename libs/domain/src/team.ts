// Team and progress contracts (issue 6): team members, skills, allocations, hiring pipeline, reviews,
// milestones and tasks as the API accepts and returns them. The planning arithmetic lives in
// @meridian/planning; these are the request bodies and views around it.
import { z } from 'zod';
import { ZMilestoneGoal, ZTaskStatus, type CriterionStatus, type GoalDirection, type MilestoneStatus, type TaskStatus } from './planning';
import type { ProjectStage } from './enums';

const ZIsoDate = z.iso.date({ error: 'must be a date like 2027-05-31' });
const ZRef = z.string().min(1).max(64);

/** The built-in job roles; organisations add their own (custom roles) next to these. */
export const JOB_ROLES = [
  'PROJECT_MANAGER',
  'DATA_SCIENTIST',
  'ML_ENGINEER',
  'FRONTEND',
  'BACKEND',
  'PRODUCT_MANAGER',
  'BUSINESS_ANALYST',
  'MARKETING',
  'OPERATIONS',
  'COMPLIANCE',
] as const;
export type JobRole = (typeof JOB_ROLES)[number];
export const JOB_ROLE_LABELS: Record<JobRole, string> = {
  PROJECT_MANAGER: 'Project manager',
  DATA_SCIENTIST: 'Data scientist',
  ML_ENGINEER: 'ML engineer',
  FRONTEND: 'Frontend engineer',
  BACKEND: 'Backend engineer',
  PRODUCT_MANAGER: 'Product manager',
  BUSINESS_ANALYST: 'Business analyst',
  MARKETING: 'Marketing',
  OPERATIONS: 'Operations',
  COMPLIANCE: 'Compliance',
};

/** Mirrors the Prisma enum CandidateStage. */
export const CANDIDATE_STAGES = ['APPLIED', 'TECHNICAL_INTERVIEW', 'BEHAVIOURAL_INTERVIEW', 'CULTURE_FIT', 'OFFER', 'HIRED', 'REJECTED'] as const;
export const ZCandidateStage = z.enum(CANDIDATE_STAGES);
export type CandidateStage = z.infer<typeof ZCandidateStage>;
export const CANDIDATE_STAGE_LABELS: Record<CandidateStage, string> = {
  APPLIED: 'Applied',
  TECHNICAL_INTERVIEW: 'Technical interview',
  BEHAVIOURAL_INTERVIEW: 'Behavioural interview',
  CULTURE_FIT: 'Culture fit',
  OFFER: 'Offer',
  HIRED: 'Hired',
  REJECTED: 'Rejected',
};

/** The KPIs every review scores; custom KPIs are any other lower snake-case key. */
export const BUILTIN_KPIS = ['technical_ability', 'project_contribution', 'teamwork'] as const;
export const KPI_LABELS: Record<(typeof BUILTIN_KPIS)[number], string> = {
  technical_ability: 'Technical ability',
  project_contribution: 'Project contribution',
  teamwork: 'Teamwork',
};

const ZRoleKey = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'must be upper snake case, like DEVREL or SECURITY_ENGINEER');

export const ZCreateCustomRoleSchema = z.object({ key: ZRoleKey, label: z.string().trim().min(1).max(80) });
export type CreateCustomRoleInput = z.infer<typeof ZCreateCustomRoleSchema>;

export const ZSkillInput = z.object({
  name: z.string().trim().min(1).max(60),
  level: z.number().int({ error: 'a skill level is a whole number from 1 to 5' }).min(1, { error: 'a skill level is 1 to 5' }).max(5, { error: 'a skill level is 1 to 5' }),
});
export type SkillInput = z.infer<typeof ZSkillInput>;

export const ZCreateTeamMemberSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254).nullable().default(null),
  /** A built-in JOB_ROLES key or the key of one of the organisation's custom roles. */
  role: ZRoleKey,
  title: z.string().trim().max(120).default(''),
  /** Links the person to their login; the user must be a member of the organisation. */
  userId: ZRef.nullable().default(null),
  skills: z.array(ZSkillInput).max(50).default([]),
});
export type CreateTeamMemberInput = z.infer<typeof ZCreateTeamMemberSchema>;
export const ZUpdateTeamMemberSchema = ZCreateTeamMemberSchema.partial();
export type UpdateTeamMemberInput = z.infer<typeof ZUpdateTeamMemberSchema>;

export const ZSetAllocationSchema = z.object({
  projectId: ZRef,
  percent: z.number().int({ error: 'an allocation is a whole percentage' }).min(0, { error: 'an allocation is 0 to 100 %' }).max(100, { error: 'one allocation is at most 100 %' }),
});
export type SetAllocationInput = z.infer<typeof ZSetAllocationSchema>;

export const ZTeamSettingsSchema = z.object({
  allocationCapPct: z.number().int().min(100, { error: 'the cap cannot be below 100 %' }).max(300, { error: 'the cap is at most 300 %' }),
});
export type TeamSettingsInput = z.infer<typeof ZTeamSettingsSchema>;

export const ZCreateOpenRoleSchema = z.object({ title: z.string().trim().min(1).max(120), role: ZRoleKey, openedAt: ZIsoDate });
export type CreateOpenRoleInput = z.infer<typeof ZCreateOpenRoleSchema>;

/** Closes a role without a hire (the search stopped); a hire closes its role by itself. */
export const ZCloseOpenRoleSchema = z.object({ closedAt: ZIsoDate });
export type CloseOpenRoleInput = z.infer<typeof ZCloseOpenRoleSchema>;

export const ZCreateCandidateSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254).nullable().default(null),
  appliedAt: ZIsoDate,
  note: z.string().trim().max(2000).default(''),
});
export type CreateCandidateInput = z.infer<typeof ZCreateCandidateSchema>;

export const ZMoveCandidateSchema = z.object({ stage: ZCandidateStage, at: ZIsoDate, note: z.string().trim().max(2000).default('') });
export type MoveCandidateInput = z.infer<typeof ZMoveCandidateSchema>;

export const ZCreateReviewPeriodSchema = z
  .object({ name: z.string().trim().min(1).max(80), startDate: ZIsoDate, endDate: ZIsoDate })
  .refine((p) => p.endDate >= p.startDate, { message: 'the end date must be on or after the start date', path: ['endDate'] });
export type CreateReviewPeriodInput = z.infer<typeof ZCreateReviewPeriodSchema>;

export const ZKpiKey = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower snake case, like customer_focus');
export const ZReviewScoreInput = z.object({
  kpi: ZKpiKey,
  score: z.number({ error: 'a score is a number from 1 to 5' }).int({ error: 'a score is a whole number from 1 to 5' }).min(1, { error: 'a score is 1 to 5' }).max(5, { error: 'a score is 1 to 5' }),
});
export const ZUpsertReviewSchema = z.object({
  memberId: ZRef,
  scores: z
    .array(ZReviewScoreInput)
    .min(1, { error: 'score at least one KPI' })
    .max(30)
    .refine((s) => new Set(s.map((x) => x.kpi)).size === s.length, { message: 'each KPI may appear once' }),
  notes: z.string().trim().max(4000).default(''),
});
export type UpsertReviewInput = z.infer<typeof ZUpsertReviewSchema>;

// ---- views ----

export interface TeamSkillView {
  name: string;
  level: number;
}
export interface TeamAllocationView {
  projectId: string;
  projectName: string;
  percent: number;
}
export interface TeamMemberView {
  id: string;
  name: string;
  email: string | null;
  role: string;
  roleLabel: string;
  title: string;
  userId: string | null;
  skills: TeamSkillView[];
  allocations: TeamAllocationView[];
  totalAllocationPct: number;
  overAllocated: boolean;
  createdAt: string;
}
export interface TeamRoleView {
  key: string;
  label: string;
  custom: boolean;
}
export interface WorkloadView {
  allocationCapPct: number;
  members: { id: string; name: string; role: string; totalAllocationPct: number; overAllocated: boolean; allocations: TeamAllocationView[] }[];
  overAllocatedCount: number;
}
export interface CandidateEventView {
  stage: CandidateStage;
  at: string;
  note: string;
}
export interface CandidateView {
  id: string;
  name: string;
  email: string | null;
  stage: CandidateStage;
  appliedAt: string;
  events: CandidateEventView[];
}
export const OPEN_ROLE_STATUSES = ['OPEN', 'FILLED', 'CLOSED'] as const;
export type OpenRoleStatus = (typeof OPEN_ROLE_STATUSES)[number];
export interface OpenRoleView {
  id: string;
  title: string;
  role: string;
  /** FILLED: a candidate was hired; CLOSED: closed without a hire. */
  status: OpenRoleStatus;
  openedAt: string;
  closedAt: string | null;
  /** Days from opening the role to the hire; null unless the role was filled. */
  timeToHireDays: number | null;
  candidates: CandidateView[];
  stageCounts: Record<CandidateStage, number>;
}
export interface HiringView {
  roles: OpenRoleView[];
  filledCount: number;
  averageTimeToHireDays: number | null;
}
export interface ReviewView {
  id: string;
  memberId: string;
  memberName: string;
  scores: { kpi: string; score: number }[];
  average: number;
  notes: string;
}
export interface ReviewPeriodView {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  reviews: ReviewView[];
  /** Mean per KPI over the people reviewed in the period. */
  rollup: { kpi: string; average: number; count: number }[];
  teamAverage: number | null;
}

// ---- progress ----

export const ZCreateMilestoneBody = z.object({
  projectId: ZRef,
  title: z.string().trim().min(1).max(200),
  ownerId: ZRef.nullable().default(null),
  goal: ZMilestoneGoal,
});
export type CreateMilestoneBody = z.infer<typeof ZCreateMilestoneBody>;
export const ZRecordObservationSchema = z.object({ date: ZIsoDate, value: z.number().finite() });
export type RecordObservationInput = z.infer<typeof ZRecordObservationSchema>;

export const ZCreateProjectTaskSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(''),
  estimate: z.number().finite().min(0, { error: 'an estimate cannot be negative' }).max(10_000),
  status: ZTaskStatus.default('TODO'),
  assigneeId: ZRef.nullable().default(null),
  milestoneId: ZRef.nullable().default(null),
  dependsOn: z.array(ZRef).max(200).default([]),
});
export type CreateProjectTaskInput = z.infer<typeof ZCreateProjectTaskSchema>;
export const ZUpdateProjectTaskSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000),
    estimate: z.number().finite().min(0, { error: 'an estimate cannot be negative' }).max(10_000),
    status: ZTaskStatus,
    assigneeId: ZRef.nullable(),
    milestoneId: ZRef.nullable(),
    dependsOn: z.array(ZRef).max(200),
    position: z.number().int().min(0).max(1_000_000),
  })
  .partial();
export type UpdateProjectTaskInput = z.infer<typeof ZUpdateProjectTaskSchema>;
/** `detach=true` also removes other tasks' dependencies on the deleted one (otherwise 409 names them). */
export const ZDeleteTaskQuery = z.object({
  detach: z
    .enum(['true', 'false'], { error: 'detach is true or false' })
    .optional()
    .transform((v) => v === 'true'),
});
export type DeleteTaskQuery = z.infer<typeof ZDeleteTaskQuery>;
export const ZMilestoneQuery = z.object({ projectId: ZRef.optional(), asOf: ZIsoDate.optional() });
export const ZPlanQuery = z.object({ startDate: ZIsoDate.optional() });

export interface MilestoneView {
  id: string;
  projectId: string;
  projectName: string;
  title: string;
  ownerId: string | null;
  ownerName: string | null;
  goal: { metric: string; threshold: number; direction: GoalDirection; startDate: string; deadline: string; baseline: number | null };
  status: MilestoneStatus;
  progressPct: number;
  elapsedPct: number;
  current: number | null;
  reason: string;
  /** Where the current value came from: manual observations today, model versions later. */
  source: string;
  observations: { date: string; value: number; source: string }[];
}
export interface TaskView {
  id: string;
  projectId: string;
  title: string;
  description: string;
  estimate: number;
  status: TaskStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  milestoneId: string | null;
  dependsOn: string[];
  position: number;
  doneAt: string | null;
  createdAt: string;
}
export interface PlanTaskView {
  id: string;
  title: string;
  status: TaskStatus;
  duration: number;
  earliestStart: number;
  earliestFinish: number;
  latestStart: number;
  latestFinish: number;
  totalSlack: number;
  critical: boolean;
  start: string;
  end: string;
}
export interface ProjectPlanView {
  projectId: string;
  startDate: string;
  projectDuration: number;
  endDate: string;
  criticalPath: string[];
  tasks: PlanTaskView[];
  links: { from: string; to: string; critical: boolean }[];
  burnup: { date: string; scope: number; done: number }[];
}
export interface LifecycleView {
  projectId: string;
  currentStage: ProjectStage;
  highestEnterableStage: ProjectStage;
  stages: { stage: ProjectStage; canEnter: boolean; criteria: { id: string; description: string; status: CriterionStatus; reason: string }[] }[];
}
