// GraphQL shapes of the company side (issue 6): team, progress, finance and satisfaction. They mirror
// the REST views the same services return. Enum-like values (roles, stages, categories) are strings
// here: each area validates them with its Zod schema, so GraphQL never carries a second copy of the
// lists. Inputs are shapes only; graphql.spec.ts asserts their fields equal the Zod schemas' keys.
import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Money', { description: 'An amount in integer minor units (cents) of an ISO 4217 currency' })
export class MoneyType {
  @Field(() => Float, { description: 'Integer minor units; Float only because GraphQL Int is 32-bit' }) minor!: number;
  @Field() currency!: string;
}

// ---- team ----
@ObjectType('TeamSkill')
export class TeamSkillType {
  @Field() name!: string;
  @Field(() => Int) level!: number;
}

@ObjectType('TeamAllocation')
export class TeamAllocationType {
  @Field(() => ID) projectId!: string;
  @Field() projectName!: string;
  @Field(() => Int) percent!: number;
}

@ObjectType('TeamMember')
export class TeamMemberType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field({ description: 'A built-in job role key or a custom role key' }) role!: string;
  @Field() roleLabel!: string;
  @Field() title!: string;
  @Field(() => ID, { nullable: true }) userId!: string | null;
  @Field(() => [TeamSkillType]) skills!: TeamSkillType[];
  @Field(() => [TeamAllocationType]) allocations!: TeamAllocationType[];
  @Field(() => Int) totalAllocationPct!: number;
  @Field({ description: 'Total allocation above 100 %' }) overAllocated!: boolean;
  @Field() createdAt!: string;
}

@ObjectType('WorkloadMember')
export class WorkloadMemberType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'Role label' }) role!: string;
  @Field(() => Int) totalAllocationPct!: number;
  @Field() overAllocated!: boolean;
  @Field(() => [TeamAllocationType]) allocations!: TeamAllocationType[];
}

@ObjectType('Workload')
export class WorkloadType {
  @Field(() => Int) allocationCapPct!: number;
  @Field(() => [WorkloadMemberType]) members!: WorkloadMemberType[];
  @Field(() => Int) overAllocatedCount!: number;
}

@ObjectType('CandidateEvent')
export class CandidateEventType {
  @Field() stage!: string;
  @Field({ description: 'YYYY-MM-DD' }) at!: string;
  @Field() note!: string;
}

@ObjectType('Candidate')
export class CandidateType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field() stage!: string;
  @Field() appliedAt!: string;
  @Field(() => [CandidateEventType]) events!: CandidateEventType[];
}

@ObjectType('StageCount')
export class StageCountType {
  @Field() stage!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('OpenRole')
export class OpenRoleType {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() role!: string;
  @Field({ description: 'OPEN, FILLED (a candidate was hired) or CLOSED (without a hire)' }) status!: string;
  @Field() openedAt!: string;
  @Field(() => String, { nullable: true }) closedAt!: string | null;
  @Field(() => Float, { nullable: true }) timeToHireDays!: number | null;
  @Field(() => [StageCountType]) stageCounts!: StageCountType[];
  @Field(() => [CandidateType]) candidates!: CandidateType[];
}

@ObjectType('Hiring')
export class HiringType {
  @Field(() => [OpenRoleType]) roles!: OpenRoleType[];
  @Field(() => Int) filledCount!: number;
  @Field(() => Float, { nullable: true }) averageTimeToHireDays!: number | null;
}

@ObjectType('ReviewScore')
export class ReviewScoreType {
  @Field() kpi!: string;
  @Field(() => Int) score!: number;
}

@ObjectType('Review')
export class ReviewType {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field() memberName!: string;
  @Field(() => [ReviewScoreType]) scores!: ReviewScoreType[];
  @Field(() => Float) average!: number;
  @Field() notes!: string;
}

@ObjectType('KpiRollup')
export class KpiRollupType {
  @Field() kpi!: string;
  @Field(() => Float) average!: number;
  @Field(() => Int) count!: number;
}

@ObjectType('ReviewPeriod')
export class ReviewPeriodType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() startDate!: string;
  @Field() endDate!: string;
  @Field(() => [ReviewType]) reviews!: ReviewType[];
  @Field(() => [KpiRollupType]) rollup!: KpiRollupType[];
  @Field(() => Float, { nullable: true }) teamAverage!: number | null;
}

@ObjectType('TeamRole')
export class TeamRoleType {
  @Field() key!: string;
  @Field() label!: string;
  @Field({ description: 'Added by the organisation (not built in)' }) custom!: boolean;
}

// ---- progress ----
@ObjectType('MilestoneGoal')
export class MilestoneGoalType {
  @Field() metric!: string;
  @Field(() => Float) threshold!: number;
  @Field() direction!: string;
  @Field() startDate!: string;
  @Field() deadline!: string;
  @Field(() => Float, { nullable: true }) baseline!: number | null;
}

@ObjectType('MilestoneObservation')
export class MilestoneObservationType {
  @Field() date!: string;
  @Field(() => Float) value!: number;
  @Field() source!: string;
}

@ObjectType('Milestone')
export class MilestoneType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() projectName!: string;
  @Field() title!: string;
  @Field(() => ID, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) ownerName!: string | null;
  @Field(() => MilestoneGoalType) goal!: MilestoneGoalType;
  @Field({ description: 'ACHIEVED, ON_TRACK, AT_RISK or MISSED' }) status!: string;
  @Field(() => Float) progressPct!: number;
  @Field(() => Float) elapsedPct!: number;
  @Field(() => Float, { nullable: true }) current!: number | null;
  @Field() reason!: string;
  @Field() source!: string;
  @Field(() => [MilestoneObservationType]) observations!: MilestoneObservationType[];
}

@ObjectType('Task')
export class TaskType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field(() => Float, { description: 'Working days' }) estimate!: number;
  @Field() status!: string;
  @Field(() => ID, { nullable: true }) assigneeId!: string | null;
  @Field(() => String, { nullable: true }) assigneeName!: string | null;
  @Field(() => ID, { nullable: true }) milestoneId!: string | null;
  @Field(() => [ID]) dependsOn!: string[];
  @Field(() => Int) position!: number;
  @Field(() => String, { nullable: true }) doneAt!: string | null;
  @Field() createdAt!: string;
}

@ObjectType('PlanTask')
export class PlanTaskType {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() status!: string;
  @Field(() => Float) duration!: number;
  @Field(() => Float) earliestStart!: number;
  @Field(() => Float) earliestFinish!: number;
  @Field(() => Float) latestStart!: number;
  @Field(() => Float) latestFinish!: number;
  @Field(() => Float) totalSlack!: number;
  @Field() critical!: boolean;
  @Field() start!: string;
  @Field() end!: string;
}

@ObjectType('PlanLink')
export class PlanLinkType {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
  @Field() critical!: boolean;
}

@ObjectType('BurnupPoint')
export class BurnupPointType {
  @Field() date!: string;
  @Field(() => Float) scope!: number;
  @Field(() => Float) done!: number;
}

@ObjectType('ProjectPlan', { description: 'CPM over the project tasks: Gantt dates on working days, the critical path and the burn-up' })
export class ProjectPlanType {
  @Field(() => ID) projectId!: string;
  @Field() startDate!: string;
  @Field(() => Float) projectDuration!: number;
  @Field() endDate!: string;
  @Field(() => [ID], { description: 'Task ids of the critical path, in order' }) criticalPath!: string[];
  @Field(() => [PlanTaskType]) tasks!: PlanTaskType[];
  @Field(() => [PlanLinkType]) links!: PlanLinkType[];
  @Field(() => [BurnupPointType]) burnup!: BurnupPointType[];
}

@ObjectType('LifecycleCriterion')
export class LifecycleCriterionType {
  @Field() id!: string;
  @Field() description!: string;
  @Field({ description: 'MET, NOT_MET or UNKNOWN (the platform cannot tell)' }) status!: string;
  @Field() reason!: string;
}

@ObjectType('LifecycleStage')
export class LifecycleStageType {
  @Field() stage!: string;
  @Field() canEnter!: boolean;
  @Field(() => [LifecycleCriterionType]) criteria!: LifecycleCriterionType[];
}

@ObjectType('ProjectLifecycle', { description: 'Entry criteria of each lifecycle stage, checked against the platform’s data' })
export class ProjectLifecycleType {
  @Field(() => ID) projectId!: string;
  @Field() currentStage!: string;
  @Field() highestEnterableStage!: string;
  @Field(() => [LifecycleStageType]) stages!: LifecycleStageType[];
}

// ---- finance ----
@ObjectType('Budget')
export class BudgetType {
  @Field(() => ID) id!: string;
  @Field(() => ID) projectId!: string;
  @Field() category!: string;
  @Field(() => MoneyType) amount!: MoneyType;
  @Field() periodStart!: string;
  @Field() periodEnd!: string;
}

@ObjectType('CostEntry')
export class CostEntryType {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) projectId!: string | null;
  @Field() date!: string;
  @Field() category!: string;
  @Field(() => MoneyType) amount!: MoneyType;
  @Field() description!: string;
  @Field() source!: string;
  @Field(() => String, { nullable: true }) externalRef!: string | null;
  @Field() createdAt!: string;
}

@ObjectType('Runway')
export class RunwayType {
  @Field({ description: 'FINITE, EXHAUSTED or INFINITE' }) kind!: string;
  @Field(() => Float, { nullable: true }) months!: number | null;
  @Field(() => String, { nullable: true }) runOutMonth!: string | null;
  @Field(() => MoneyType) monthlyNetBurn!: MoneyType;
}

@ObjectType('BudgetStatus')
export class BudgetStatusType {
  @Field(() => ID) budgetId!: string;
  @Field(() => ID) projectId!: string;
  @Field() category!: string;
  @Field(() => MoneyType) budget!: MoneyType;
  @Field(() => MoneyType) actual!: MoneyType;
  @Field(() => MoneyType) remaining!: MoneyType;
  @Field(() => Float, { nullable: true }) usedPct!: number | null;
  @Field(() => MoneyType) forecastAtPeriodEnd!: MoneyType;
  @Field(() => MoneyType) forecastOverrun!: MoneyType;
  @Field(() => String, { nullable: true }) overrunDate!: string | null;
  @Field() overrunWithinPeriod!: boolean;
  @Field() periodStart!: string;
  @Field() periodEnd!: string;
}

@ObjectType('BudgetAlert')
export class BudgetAlertType {
  @Field() kind!: string;
  @Field() severity!: string;
  @Field(() => ID) budgetId!: string;
  @Field() message!: string;
  @Field() dedupeKey!: string;
}

@ObjectType('CashPosition')
export class CashPositionType {
  @Field(() => MoneyType) cash!: MoneyType;
  @Field(() => MoneyType) opening!: MoneyType;
  @Field(() => MoneyType) funding!: MoneyType;
  @Field(() => MoneyType) revenue!: MoneyType;
  @Field(() => MoneyType) costs!: MoneyType;
}

@ObjectType('CashForecastMonth')
export class CashForecastMonthType {
  @Field() month!: string;
  @Field(() => MoneyType) closingCash!: MoneyType;
}

@ObjectType('FinanceSummary')
export class FinanceSummaryType {
  @Field() asOf!: string;
  @Field() currency!: string;
  @Field(() => CashPositionType) cash!: CashPositionType;
  @Field(() => MoneyType, { description: 'Average monthly cost of the last 3 full months' }) monthlyCost!: MoneyType;
  @Field(() => MoneyType) monthlyRevenue!: MoneyType;
  @Field(() => RunwayType) runway!: RunwayType;
  @Field(() => [CashForecastMonthType], { description: 'Cash month by month at the current burn' }) forecast!: CashForecastMonthType[];
  @Field(() => [BudgetStatusType]) budgets!: BudgetStatusType[];
  @Field(() => [BudgetAlertType]) alerts!: BudgetAlertType[];
}

// ---- satisfaction ----
@ObjectType('ConfidenceInterval')
export class IntervalType {
  @Field(() => Float) low!: number;
  @Field(() => Float) high!: number;
  @Field(() => Float) level!: number;
}

@ObjectType('NpsSummary')
export class NpsSummaryType {
  @Field(() => Int) n!: number;
  @Field(() => Int) promoters!: number;
  @Field(() => Int) passives!: number;
  @Field(() => Int) detractors!: number;
  @Field(() => Float, { nullable: true, description: '−100..100; null without responses' }) nps!: number | null;
  @Field(() => IntervalType, { nullable: true }) ci!: IntervalType | null;
}

@ObjectType('CsatSummary')
export class CsatSummaryType {
  @Field(() => Int) n!: number;
  @Field(() => Int) satisfied!: number;
  @Field(() => Float, { nullable: true, description: '% of 4–5 ratings; null without ratings' }) csat!: number | null;
  @Field(() => IntervalType, { nullable: true }) ci!: IntervalType | null;
}

@ObjectType('SatisfactionGroup', { description: 'NPS and CSAT of one group of feedback (all, an ISO week, a model version)' })
export class SatisfactionGroupType {
  @Field() key!: string;
  @Field(() => Int) responses!: number;
  @Field(() => NpsSummaryType) nps!: NpsSummaryType;
  @Field(() => CsatSummaryType) csat!: CsatSummaryType;
  @Field(() => Int) thumbsUp!: number;
  @Field(() => Int) thumbsDown!: number;
  @Field(() => Float) negativeShare!: number;
}

@ObjectType('FeedbackTheme')
export class FeedbackThemeType {
  @Field() keyword!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float) sentiment!: number;
  @Field(() => [String]) examples!: string[];
}

@ObjectType('FeedbackComment')
export class FeedbackCommentType {
  @Field(() => ID) id!: string;
  @Field() createdAt!: string;
  @Field() comment!: string;
  @Field(() => Int, { nullable: true }) nps!: number | null;
  @Field(() => Int, { nullable: true }) csat!: number | null;
  @Field(() => Boolean, { nullable: true }) thumbs!: boolean | null;
  @Field(() => ID, { nullable: true }) modelVersionId!: string | null;
  @Field(() => String, { nullable: true }) predictionId!: string | null;
  @Field({ description: 'POSITIVE, NEUTRAL or NEGATIVE' }) sentimentLabel!: string;
  @Field(() => Float) sentimentScore!: number;
}

@ObjectType('FeedbackStats')
export class FeedbackStatsType {
  @Field(() => ID) projectId!: string;
  @Field(() => SatisfactionGroupType) overall!: SatisfactionGroupType;
  @Field(() => [SatisfactionGroupType], { description: 'By ISO week' }) weeks!: SatisfactionGroupType[];
  @Field(() => [SatisfactionGroupType], { description: 'By model version id' }) modelVersions!: SatisfactionGroupType[];
  @Field(() => [FeedbackThemeType]) themes!: FeedbackThemeType[];
  @Field(() => [FeedbackCommentType], { description: 'Newest first, at most 100; filtered by the q argument' }) comments!: FeedbackCommentType[];
}

@ObjectType('FeedbackOverview', { description: 'All projects of the organisation, last 12 weeks' })
export class FeedbackOverviewType {
  @Field(() => SatisfactionGroupType) overall!: SatisfactionGroupType;
  @Field(() => [SatisfactionGroupType]) weeks!: SatisfactionGroupType[];
}

// ---- inputs ----
@InputType('SkillInput')
export class SkillGqlInput {
  @Field() name!: string;
  @Field(() => Int) level!: number;
}

@InputType('CreateTeamMemberInput')
export class CreateTeamMemberGqlInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field() role!: string;
  @Field({ nullable: true }) title?: string;
  @Field(() => ID, { nullable: true }) userId?: string | null;
  @Field(() => [SkillGqlInput], { nullable: true }) skills?: SkillGqlInput[];
}

@InputType('SetAllocationInput')
export class SetAllocationGqlInput {
  @Field(() => ID) projectId!: string;
  @Field(() => Int, { description: '0 ends the allocation' }) percent!: number;
}

@InputType('CreateTaskInput')
export class CreateTaskGqlInput {
  @Field() title!: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => Float) estimate!: number;
  @Field({ nullable: true, description: 'BACKLOG, TODO (default), IN_PROGRESS, BLOCKED or DONE' }) status?: string;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) milestoneId?: string | null;
  @Field(() => [ID], { nullable: true }) dependsOn?: string[];
}

@InputType('UpdateTaskInput', { description: 'Only the fields given change; null unassigns assigneeId / milestoneId' })
export class UpdateTaskGqlInput {
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => Float, { nullable: true }) estimate?: number;
  @Field({ nullable: true }) status?: string;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => ID, { nullable: true }) milestoneId?: string | null;
  @Field(() => [ID], { nullable: true }) dependsOn?: string[];
  @Field(() => Int, { nullable: true }) position?: number;
}

@InputType('MilestoneGoalInput')
export class MilestoneGoalGqlInput {
  @Field() metric!: string;
  @Field(() => Float) threshold!: number;
  @Field({ nullable: true, description: 'AT_LEAST (default) or AT_MOST' }) direction?: string;
  @Field() startDate!: string;
  @Field() deadline!: string;
  @Field(() => Float, { nullable: true }) baseline?: number | null;
}

@InputType('CreateMilestoneInput')
export class CreateMilestoneGqlInput {
  @Field(() => ID) projectId!: string;
  @Field() title!: string;
  @Field(() => ID, { nullable: true }) ownerId?: string | null;
  @Field(() => MilestoneGoalGqlInput) goal!: MilestoneGoalGqlInput;
}

@InputType('MoneyInput')
export class MoneyGqlInput {
  @Field(() => Float, { description: 'Integer minor units (cents)' }) minor!: number;
  @Field() currency!: string;
}

@InputType('CreateBudgetInput')
export class CreateBudgetGqlInput {
  @Field(() => ID) projectId!: string;
  @Field() category!: string;
  @Field(() => MoneyGqlInput) amount!: MoneyGqlInput;
  @Field() periodStart!: string;
  @Field() periodEnd!: string;
}

@InputType('CreateCostEntryInput')
export class CreateCostEntryGqlInput {
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field() date!: string;
  @Field() category!: string;
  @Field(() => MoneyGqlInput) amount!: MoneyGqlInput;
  @Field({ nullable: true }) description?: string;
  @Field({ nullable: true, description: 'MANUAL (default) or CSV' }) source?: string;
}

@InputType('CreateOpenRoleInput')
export class CreateOpenRoleGqlInput {
  @Field() title!: string;
  @Field({ description: 'A built-in job role key or a custom role key' }) role!: string;
  @Field({ description: 'YYYY-MM-DD' }) openedAt!: string;
}

@InputType('CloseOpenRoleInput')
export class CloseOpenRoleGqlInput {
  @Field({ description: 'YYYY-MM-DD' }) closedAt!: string;
}

@InputType('CreateCandidateInput')
export class CreateCandidateGqlInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field({ description: 'YYYY-MM-DD' }) appliedAt!: string;
  @Field({ nullable: true }) note?: string;
}

@InputType('MoveCandidateInput')
export class MoveCandidateGqlInput {
  @Field({ description: 'TECHNICAL_INTERVIEW, BEHAVIOURAL_INTERVIEW, CULTURE_FIT, OFFER, HIRED or REJECTED' }) stage!: string;
  @Field({ description: 'YYYY-MM-DD' }) at!: string;
  @Field({ nullable: true }) note?: string;
}

@InputType('CreateReviewPeriodInput')
export class CreateReviewPeriodGqlInput {
  @Field() name!: string;
  @Field() startDate!: string;
  @Field() endDate!: string;
}

@InputType('ReviewScoreInput')
export class ReviewScoreGqlInput {
  @Field({ description: 'technical_ability, project_contribution, teamwork or a custom lower snake-case key' }) kpi!: string;
  @Field(() => Int, { description: '1 to 5' }) score!: number;
}

@InputType('UpsertReviewInput')
export class UpsertReviewGqlInput {
  @Field(() => ID) memberId!: string;
  @Field(() => [ReviewScoreGqlInput]) scores!: ReviewScoreGqlInput[];
  @Field({ nullable: true }) notes?: string;
}
