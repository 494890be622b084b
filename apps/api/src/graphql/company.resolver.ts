// GraphQL over the company side (issue 6): team, progress, finance and satisfaction. Each resolver is
// a thin call into the SAME service the REST controller uses, behind the same @OrgRole guard, with
// arguments validated by the same Zod schemas (errors carry the same codes and field paths).
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  ZCloseOpenRoleSchema,
  ZCreateBudgetSchema,
  ZCreateCandidateSchema,
  ZCreateCostEntrySchema,
  ZCreateMilestoneBody,
  ZCreateOpenRoleSchema,
  ZCreateProjectTaskSchema,
  ZCreateReviewPeriodSchema,
  ZCreateTeamMemberSchema,
  ZMilestoneQuery,
  ZMoveCandidateSchema,
  ZPlanQuery,
  ZSetAllocationSchema,
  ZUpdateProjectTaskSchema,
  ZUpsertReviewSchema,
  type CloseOpenRoleInput,
  type CreateBudgetInput,
  type CreateCandidateInput,
  type CreateCostEntryInput,
  type CreateMilestoneBody,
  type CreateOpenRoleInput,
  type CreateProjectTaskInput,
  type CreateReviewPeriodInput,
  type CreateTeamMemberInput,
  type HiringView,
  type MoveCandidateInput,
  type SetAllocationInput,
  type UpdateProjectTaskInput,
  type UpsertReviewInput,
} from '@meridian/domain';
import type { GroupSummary } from '@meridian/satisfaction';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ZodPipe } from '../common/zod';
import { ZFeedbackQuery } from '../feedback/feedback.schemas';
import { FeedbackService } from '../feedback/feedback.service';
import { ZAsOfQuery, ZCostListQuery } from '../finance/finance.schemas';
import { FinanceService } from '../finance/finance.service';
import { ProgressService } from '../progress/progress.service';
import { TeamService } from '../team/team.service';
import {
  BudgetType,
  CloseOpenRoleGqlInput,
  CreateCandidateGqlInput,
  CreateOpenRoleGqlInput,
  CreateReviewPeriodGqlInput,
  MoveCandidateGqlInput,
  UpsertReviewGqlInput,
  CostEntryType,
  CreateBudgetGqlInput,
  CreateCostEntryGqlInput,
  CreateMilestoneGqlInput,
  CreateTaskGqlInput,
  CreateTeamMemberGqlInput,
  FeedbackOverviewType,
  FeedbackStatsType,
  FinanceSummaryType,
  HiringType,
  MilestoneType,
  ProjectLifecycleType,
  ProjectPlanType,
  ReviewPeriodType,
  RunwayType,
  SatisfactionGroupType,
  SetAllocationGqlInput,
  TaskType,
  TeamMemberType,
  TeamRoleType,
  UpdateTaskGqlInput,
  WorkloadType,
} from './company.types';

export const ZGqlId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

/**
 * GraphQL clients may send null for "not set"; the Zod schemas use absent + defaults. Nulls are
 * dropped except under `keep` (fields where null means "clear it", e.g. a task's assignee).
 */
export const dropNulls =
  (keep: readonly string[] = []) =>
  (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k, x]) => x !== undefined && (x !== null || keep.includes(k)))
            .map(([k, x]) => [k, dropNulls()(x)]),
        )
      : v;

export const ZGqlCreateCandidate = z.preprocess(dropNulls(), ZCreateCandidateSchema);
export const ZGqlMoveCandidate = z.preprocess(dropNulls(), ZMoveCandidateSchema);
export const ZGqlUpsertReview = z.preprocess(dropNulls(), ZUpsertReviewSchema);
export const ZGqlCreateTeamMember = z.preprocess(dropNulls(), ZCreateTeamMemberSchema);
export const ZGqlCreateTask = z.preprocess(dropNulls(), ZCreateProjectTaskSchema);
export const ZGqlUpdateTask = z.preprocess(dropNulls(['assigneeId', 'milestoneId']), ZUpdateProjectTaskSchema);
export const ZGqlCreateMilestone = z.preprocess(dropNulls(), ZCreateMilestoneBody);
export const ZGqlCreateBudget = z.preprocess(dropNulls(), ZCreateBudgetSchema);
export const ZGqlCreateCost = z.preprocess(dropNulls(), ZCreateCostEntrySchema);

/** Optional scalar arguments into one object for a query schema (null and absent alike). */
const args = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const optionalId = (v: string | null | undefined, name: string) => (v === null || v === undefined ? undefined : new ZodPipe(ZGqlId, name).transform(v));

/**
 * Service rules name fields by the REST body's paths (`projectId`, `dependsOn`); under GraphQL that
 * body is the `input` argument, so its paths get the same `input.` prefix as the Zod pipe's.
 */
export async function asInput<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.issues?.length) {
      throw new AppError(e.code, e.message, e.issues.map((i) => ({ ...i, path: i.path ? `input.${i.path}` : 'input' })), e.headers);
    }
    throw e;
  }
}

function hiringType(h: HiringView): HiringType {
  return { ...h, roles: h.roles.map((r) => ({ ...r, stageCounts: Object.entries(r.stageCounts).map(([stage, count]) => ({ stage, count })) })) };
}

const groupType = (g: GroupSummary): SatisfactionGroupType => g;

@Resolver()
export class CompanyResolver {
  constructor(
    private readonly team: TeamService,
    private readonly progress: ProgressService,
    private readonly finance: FinanceService,
    private readonly feedback: FeedbackService,
  ) {}

  // ---- team ----
  @Query(() => [TeamRoleType], { description: 'Job roles: the built-in list plus the organisation’s custom roles' })
  @OrgRole('VIEWER')
  teamRoles(@Args('orgId', { type: () => ID }) _orgId: string, @CurrentOrg() org: OrgAccess): Promise<TeamRoleType[]> {
    return this.team.roles(org);
  }

  @Query(() => [TeamMemberType], { description: 'Team members with role, skills and allocations' })
  @OrgRole('VIEWER')
  teamMembers(@Args('orgId', { type: () => ID }) _orgId: string, @CurrentOrg() org: OrgAccess): Promise<TeamMemberType[]> {
    return this.team.members(org);
  }

  @Query(() => TeamMemberType)
  @OrgRole('VIEWER')
  teamMember(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<TeamMemberType> {
    return this.team.member(org, id);
  }

  @Query(() => WorkloadType, { description: 'Total allocation per person; anyone above 100 % is flagged' })
  @OrgRole('VIEWER')
  workload(@Args('orgId', { type: () => ID }) _orgId: string, @CurrentOrg() org: OrgAccess): Promise<WorkloadType> {
    return this.team.workload(org);
  }

  @Query(() => HiringType, { description: 'Open roles with candidates, stage events and time to hire' })
  @OrgRole('VIEWER')
  async hiring(@Args('orgId', { type: () => ID }) _orgId: string, @CurrentOrg() org: OrgAccess): Promise<HiringType> {
    return hiringType(await this.team.hiring(org));
  }

  @Query(() => [ReviewPeriodType], { description: 'Review periods with KPI scores per person and the team roll-up' })
  @OrgRole('VIEWER')
  reviewPeriods(@Args('orgId', { type: () => ID }) _orgId: string, @CurrentOrg() org: OrgAccess): Promise<ReviewPeriodType[]> {
    return this.team.reviews(org);
  }

  @Mutation(() => TeamMemberType)
  @OrgRole('MEMBER')
  createTeamMember(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('input', { type: () => CreateTeamMemberGqlInput }, new ZodPipe(ZGqlCreateTeamMember, 'input')) input: CreateTeamMemberInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<TeamMemberType> {
    return asInput(this.team.createMember(org, input));
  }

  @Mutation(() => Boolean, { description: 'Remove a team member (their allocations, skills and reviews go with them)' })
  @OrgRole('ADMIN')
  async deleteTeamMember(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<boolean> {
    await this.team.deleteMember(org, id);
    return true;
  }

  @Mutation(() => TeamMemberType, { description: 'Set the share of a member’s time on a project (0 ends the allocation)' })
  @OrgRole('MEMBER')
  setAllocation(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('memberId', { type: () => ID }, new ZodPipe(ZGqlId, 'memberId')) memberId: string,
    @Args('input', { type: () => SetAllocationGqlInput }, new ZodPipe(ZSetAllocationSchema, 'input')) input: SetAllocationInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<TeamMemberType> {
    return asInput(this.team.setAllocation(org, memberId, input));
  }

  @Mutation(() => HiringType, { description: 'Open a role to hire for' })
  @OrgRole('MEMBER')
  async openRole(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('input', { type: () => CreateOpenRoleGqlInput }, new ZodPipe(ZCreateOpenRoleSchema, 'input')) input: CreateOpenRoleInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<HiringType> {
    return hiringType(await asInput(this.team.createOpenRole(org, input)));
  }

  @Mutation(() => HiringType, { description: 'Close a role without a hire (a hire closes its role by itself)' })
  @OrgRole('MEMBER')
  async closeRole(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('roleId', { type: () => ID }, new ZodPipe(ZGqlId, 'roleId')) roleId: string,
    @Args('input', { type: () => CloseOpenRoleGqlInput }, new ZodPipe(ZCloseOpenRoleSchema, 'input')) input: CloseOpenRoleInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<HiringType> {
    return hiringType(await asInput(this.team.closeOpenRole(org, roleId, input)));
  }

  @Mutation(() => HiringType, { description: 'Add a candidate to an open role (stage APPLIED)' })
  @OrgRole('MEMBER')
  async addCandidate(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('roleId', { type: () => ID }, new ZodPipe(ZGqlId, 'roleId')) roleId: string,
    @Args('input', { type: () => CreateCandidateGqlInput }, new ZodPipe(ZGqlCreateCandidate, 'input')) input: CreateCandidateInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<HiringType> {
    return hiringType(await asInput(this.team.addCandidate(org, roleId, input)));
  }

  @Mutation(() => HiringType, { description: 'Move a candidate to another stage on a date, with a note (HIRED fills the role)' })
  @OrgRole('MEMBER')
  async moveCandidate(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('candidateId', { type: () => ID }, new ZodPipe(ZGqlId, 'candidateId')) candidateId: string,
    @Args('input', { type: () => MoveCandidateGqlInput }, new ZodPipe(ZGqlMoveCandidate, 'input')) input: MoveCandidateInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<HiringType> {
    return hiringType(await asInput(this.team.moveCandidate(org, candidateId, input)));
  }

  @Mutation(() => ReviewPeriodType, { description: 'Open a review period' })
  @OrgRole('ADMIN')
  createReviewPeriod(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('input', { type: () => CreateReviewPeriodGqlInput }, new ZodPipe(ZCreateReviewPeriodSchema, 'input')) input: CreateReviewPeriodInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<ReviewPeriodType> {
    return asInput(this.team.createPeriod(org, input));
  }

  @Mutation(() => ReviewPeriodType, { description: 'Record (or replace) one person’s KPI scores 1–5 for a period' })
  @OrgRole('ADMIN')
  upsertReview(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('periodId', { type: () => ID }, new ZodPipe(ZGqlId, 'periodId')) periodId: string,
    @Args('input', { type: () => UpsertReviewGqlInput }, new ZodPipe(ZGqlUpsertReview, 'input')) input: UpsertReviewInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<ReviewPeriodType> {
    return asInput(this.team.upsertReview(org, periodId, input));
  }

  // ---- progress ----
  @Query(() => [MilestoneType], { description: 'SMART milestones with their status as of a day (default today)' })
  @OrgRole('VIEWER')
  milestones(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined,
    @Args('asOf', { type: () => String, nullable: true, description: 'YYYY-MM-DD' }) asOf: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<MilestoneType[]> {
    return this.progress.milestones(org, new ZodPipe(ZMilestoneQuery, 'args').transform(args({ projectId: optionalId(projectId, 'projectId'), asOf })));
  }

  @Query(() => MilestoneType)
  @OrgRole('VIEWER')
  milestone(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<MilestoneType> {
    return this.progress.milestone(org, id);
  }

  @Query(() => [TaskType], { description: 'A project’s tasks in board order' })
  @OrgRole('VIEWER')
  tasks(@Args('orgId', { type: () => ID }) _orgId: string, @Args('projectId', { type: () => ID }, new ZodPipe(ZGqlId, 'projectId')) projectId: string, @CurrentOrg() org: OrgAccess): Promise<TaskType[]> {
    return this.progress.tasks(org, projectId);
  }

  @Query(() => ProjectPlanType, { description: 'Critical path (CPM), Gantt dates and the burn-up of done work' })
  @OrgRole('VIEWER')
  projectPlan(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID }, new ZodPipe(ZGqlId, 'projectId')) projectId: string,
    @Args('startDate', { type: () => String, nullable: true, description: 'YYYY-MM-DD' }) startDate: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<ProjectPlanType> {
    return this.progress.plan(org, projectId, new ZodPipe(ZPlanQuery, 'args').transform(args({ startDate })));
  }

  @Query(() => ProjectLifecycleType, { description: 'Lifecycle stage entry criteria checked against the platform’s data (UNKNOWN where it cannot tell)' })
  @OrgRole('VIEWER')
  projectLifecycle(@Args('orgId', { type: () => ID }) _orgId: string, @Args('projectId', { type: () => ID }, new ZodPipe(ZGqlId, 'projectId')) projectId: string, @CurrentOrg() org: OrgAccess): Promise<ProjectLifecycleType> {
    return this.progress.lifecycle(org, projectId);
  }

  @Mutation(() => MilestoneType)
  @OrgRole('MEMBER')
  createMilestone(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('input', { type: () => CreateMilestoneGqlInput }, new ZodPipe(ZGqlCreateMilestone, 'input')) input: CreateMilestoneBody,
    @CurrentOrg() org: OrgAccess,
  ): Promise<MilestoneType> {
    return asInput(this.progress.createMilestone(org, input));
  }

  @Mutation(() => TaskType, { description: 'Create a task; unknown dependencies or a cycle answer VALIDATION_FAILED and nothing is saved' })
  @OrgRole('MEMBER')
  createTask(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID }, new ZodPipe(ZGqlId, 'projectId')) projectId: string,
    @Args('input', { type: () => CreateTaskGqlInput }, new ZodPipe(ZGqlCreateTask, 'input')) input: CreateProjectTaskInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<TaskType> {
    return asInput(this.progress.createTask(org, projectId, input));
  }

  @Mutation(() => TaskType, { description: 'Change a task: status (kanban move), estimate, assignee, dependencies' })
  @OrgRole('MEMBER')
  updateTask(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID }, new ZodPipe(ZGqlId, 'projectId')) projectId: string,
    @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string,
    @Args('input', { type: () => UpdateTaskGqlInput }, new ZodPipe(ZGqlUpdateTask, 'input')) input: UpdateProjectTaskInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<TaskType> {
    return asInput(this.progress.updateTask(org, projectId, id, input));
  }

  @Mutation(() => Boolean, { description: 'Delete a task; CONFLICT names the tasks depending on it unless detach is true' })
  @OrgRole('MEMBER')
  async deleteTask(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID }, new ZodPipe(ZGqlId, 'projectId')) projectId: string,
    @Args('id', { type: () => ID }, new ZodPipe(ZGqlId, 'id')) id: string,
    @Args('detach', { type: () => Boolean, nullable: true }) detach: boolean | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<boolean> {
    await this.progress.deleteTask(org, projectId, id, { detach: detach === true });
    return true;
  }

  // ---- finance ----
  @Query(() => [BudgetType])
  @OrgRole('VIEWER')
  async budgets(@Args('orgId', { type: () => ID }) _orgId: string, @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined, @CurrentOrg() org: OrgAccess): Promise<BudgetType[]> {
    return this.finance.listBudgets(org, optionalId(projectId, 'projectId'));
  }

  @Query(() => [CostEntryType], { description: 'Cost entries, newest first' })
  @OrgRole('VIEWER')
  costEntries(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID, nullable: true }) projectId: string | undefined,
    @Args('from', { type: () => String, nullable: true }) from: string | undefined,
    @Args('to', { type: () => String, nullable: true }) to: string | undefined,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<CostEntryType[]> {
    return this.finance.listCosts(org, new ZodPipe(ZCostListQuery, 'args').transform(args({ projectId: optionalId(projectId, 'projectId'), from, to, limit })));
  }

  @Query(() => FinanceSummaryType, { description: 'Cash on hand, burn, runway, cash forecast and budgets versus actual with alerts' })
  @OrgRole('VIEWER')
  async financeSummary(@Args('orgId', { type: () => ID }) _orgId: string, @Args('asOf', { type: () => String, nullable: true }) asOf: string | undefined, @CurrentOrg() org: OrgAccess): Promise<FinanceSummaryType> {
    const q = new ZodPipe(ZAsOfQuery, 'args').transform(args({ asOf }));
    const s = await this.finance.summary(org, q.asOf);
    return {
      asOf: s.asOf,
      currency: s.currency,
      cash: s.cash,
      monthlyCost: s.monthlyCost.total,
      monthlyRevenue: s.monthlyRevenue,
      runway: s.runway,
      forecast: s.forecast.months.map((m) => ({ month: m.month, closingCash: m.closingCash })),
      budgets: s.budgets,
      alerts: s.alerts,
    };
  }

  @Query(() => RunwayType, { description: 'Runway in months at the current net burn (FINITE, EXHAUSTED or INFINITE)' })
  @OrgRole('VIEWER')
  async runway(@Args('orgId', { type: () => ID }) _orgId: string, @Args('asOf', { type: () => String, nullable: true }) asOf: string | undefined, @CurrentOrg() org: OrgAccess): Promise<RunwayType> {
    const q = new ZodPipe(ZAsOfQuery, 'args').transform(args({ asOf }));
    return (await this.finance.summary(org, q.asOf)).runway;
  }

  @Mutation(() => BudgetType, { description: 'Create a budget (amount in minor units, in the organisation’s book currency)' })
  @OrgRole('MEMBER')
  createBudget(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('input', { type: () => CreateBudgetGqlInput }, new ZodPipe(ZGqlCreateBudget, 'input')) input: CreateBudgetInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<BudgetType> {
    return asInput(this.finance.createBudget(org, input));
  }

  @Mutation(() => CostEntryType, { description: 'Record a cost entry' })
  @OrgRole('MEMBER')
  createCostEntry(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('input', { type: () => CreateCostEntryGqlInput }, new ZodPipe(ZGqlCreateCost, 'input')) input: CreateCostEntryInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<CostEntryType> {
    return asInput(this.finance.createCost(org, input));
  }

  // ---- satisfaction ----
  @Query(() => FeedbackStatsType, { description: 'NPS and CSAT with 95 % intervals, by week and by model version, themes and searchable comments' })
  @OrgRole('VIEWER')
  async feedbackStats(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('projectId', { type: () => ID }, new ZodPipe(ZGqlId, 'projectId')) projectId: string,
    @Args('q', { type: () => String, nullable: true, description: 'Search comments (every word must occur)' }) search: string | undefined,
    @Args('from', { type: () => String, nullable: true }) from: string | undefined,
    @Args('to', { type: () => String, nullable: true }) to: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<FeedbackStatsType> {
    const a = await this.feedback.analytics(org, projectId, new ZodPipe(ZFeedbackQuery, 'args').transform(args({ q: search, from, to })));
    return {
      projectId: a.projectId,
      overall: groupType(a.overall),
      weeks: a.weeks.map(groupType),
      modelVersions: a.modelVersions.map(groupType),
      themes: a.themes,
      comments: a.comments.map(({ sentiment, ...c }) => ({ ...c, sentimentLabel: sentiment.label, sentimentScore: sentiment.score })),
    };
  }

  @Query(() => FeedbackOverviewType, { description: 'NPS and CSAT over the last 12 weeks, all projects, with the weekly trend' })
  @OrgRole('VIEWER')
  async feedbackOverview(@Args('orgId', { type: () => ID }) _orgId: string, @CurrentOrg() org: OrgAccess): Promise<FeedbackOverviewType> {
    const o = await this.feedback.orgNpsTrend(org);
    return { overall: groupType(o.overall), weeks: o.weeks.map(groupType) };
  }
}
