// GraphQL shapes of the same views REST answers. Inputs are shapes only: every argument is
// validated by the domain's Zod schemas (a spec asserts the fields match), so the rules live once.
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BUSINESS_MODELS, JOB_STATUSES, PROJECT_STAGES, ROLES, STARTUP_MODES, type BusinessModel, type JobStatus, type ProjectStage, type Role, type StartupMode } from '@meridian/domain';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const RoleEnum = asEnum(ROLES);
export const ProjectStageEnum = asEnum(PROJECT_STAGES);
export const StartupModeEnum = asEnum(STARTUP_MODES);
export const BusinessModelEnum = asEnum(BUSINESS_MODELS);
export const JobStatusEnum = asEnum(JOB_STATUSES);
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(ProjectStageEnum, { name: 'ProjectStage' });
registerEnumType(StartupModeEnum, { name: 'StartupMode' });
registerEnumType(BusinessModelEnum, { name: 'BusinessModel' });
registerEnumType(JobStatusEnum, { name: 'JobStatus' });

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() name!: string;
}

@ObjectType('Membership')
export class MembershipType {
  @Field(() => ID) organizationId!: string;
  @Field() organizationName!: string;
  @Field() organizationSlug!: string;
  @Field(() => RoleEnum) role!: Role;
}

@ObjectType('Me')
export class MeType {
  @Field(() => UserType) user!: UserType;
  @Field(() => [MembershipType]) memberships!: MembershipType[];
}

@ObjectType('ProjectGoal')
export class ProjectGoalType {
  @Field() statement!: string;
  @Field(() => String, { nullable: true }) metric!: string | null;
  @Field(() => Float, { nullable: true }) threshold!: number | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) deadline!: string | null;
}

@ObjectType('Project')
export class ProjectType {
  @Field(() => ID) id!: string;
  @Field(() => ID) organizationId!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => ProjectStageEnum) stage!: ProjectStage;
  @Field(() => StartupModeEnum) startupMode!: StartupMode;
  @Field(() => BusinessModelEnum) businessModel!: BusinessModel;
  @Field(() => ProjectGoalType) goal!: ProjectGoalType;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
}

@ObjectType('ProjectPage')
export class ProjectPageType {
  @Field(() => [ProjectType]) items!: ProjectType[];
  @Field(() => String, { nullable: true }) nextCursor!: string | null;
}

@ObjectType('Job')
export class JobType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => JobStatusEnum) status!: JobStatus;
  @Field(() => Float) progress!: number;
  @Field(() => String, { nullable: true, description: 'The result as a JSON string' }) resultJson!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) attempts!: number;
  @Field() createdAt!: string;
  @Field(() => String, { nullable: true }) startedAt!: string | null;
  @Field(() => String, { nullable: true }) finishedAt!: string | null;
}

@InputType('ProjectGoalInput')
export class ProjectGoalInput {
  @Field({ nullable: true }) statement?: string;
  @Field(() => String, { nullable: true }) metric?: string | null;
  @Field(() => Float, { nullable: true }) threshold?: number | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) deadline?: string | null;
}

@InputType('CreateProjectInput')
export class CreateProjectGqlInput {
  @Field() name!: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => ProjectStageEnum, { nullable: true }) stage?: ProjectStage;
  @Field(() => StartupModeEnum) startupMode!: StartupMode;
  @Field(() => BusinessModelEnum) businessModel!: BusinessModel;
  @Field(() => ProjectGoalInput, { nullable: true }) goal?: ProjectGoalInput;
}

@InputType('UpdateProjectInput')
export class UpdateProjectGqlInput {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => ProjectStageEnum, { nullable: true }) stage?: ProjectStage;
  @Field(() => StartupModeEnum, { nullable: true }) startupMode?: StartupMode;
  @Field(() => BusinessModelEnum, { nullable: true }) businessModel?: BusinessModel;
  @Field(() => ProjectGoalInput, { nullable: true }) goal?: ProjectGoalInput;
}
