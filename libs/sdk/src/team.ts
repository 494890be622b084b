// Team and progress methods of the client (issue 6): members, allocations, hiring, reviews,
// milestones, tasks, the plan (critical path, Gantt, burn-up) and lifecycle criteria.
import type {
  CloseOpenRoleInput,
  CreateCandidateInput,
  CreateCustomRoleInput,
  CreateMilestoneBody,
  CreateOpenRoleInput,
  CreateProjectTaskInput,
  CreateReviewPeriodInput,
  CreateTeamMemberInput,
  HiringView,
  LifecycleView,
  MilestoneView,
  MoveCandidateInput,
  ProjectPlanView,
  RecordObservationInput,
  ReviewPeriodView,
  SetAllocationInput,
  TaskView,
  TeamMemberView,
  TeamRoleView,
  UpdateProjectTaskInput,
  UpdateTeamMemberInput,
  UpsertReviewInput,
  WorkloadView,
} from '@meridian/domain';

export type Requester = <T>(method: string, path: string, body?: unknown) => Promise<T>;

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;
const qs = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return s ? `?${s}` : '';
};

export function teamClient(request: Requester) {
  const t = (orgId: string) => `${org(orgId)}/team`;
  return {
    roles: (orgId: string) => request<TeamRoleView[]>('GET', `${t(orgId)}/roles`),
    createRole: (orgId: string, input: CreateCustomRoleInput) => request<TeamRoleView>('POST', `${t(orgId)}/roles`, input),
    members: (orgId: string) => request<TeamMemberView[]>('GET', `${t(orgId)}/members`),
    member: (orgId: string, memberId: string) => request<TeamMemberView>('GET', `${t(orgId)}/members/${seg(memberId)}`),
    createMember: (orgId: string, input: Partial<CreateTeamMemberInput> & Pick<CreateTeamMemberInput, 'name' | 'role'>) => request<TeamMemberView>('POST', `${t(orgId)}/members`, input),
    updateMember: (orgId: string, memberId: string, input: UpdateTeamMemberInput) => request<TeamMemberView>('PATCH', `${t(orgId)}/members/${seg(memberId)}`, input),
    deleteMember: (orgId: string, memberId: string) => request<void>('DELETE', `${t(orgId)}/members/${seg(memberId)}`),
    setAllocation: (orgId: string, memberId: string, input: SetAllocationInput) => request<TeamMemberView>('PUT', `${t(orgId)}/members/${seg(memberId)}/allocations`, input),
    workload: (orgId: string) => request<WorkloadView>('GET', `${t(orgId)}/workload`),
    setAllocationCap: (orgId: string, allocationCapPct: number) => request<WorkloadView>('PUT', `${t(orgId)}/settings`, { allocationCapPct }),
    hiring: (orgId: string) => request<HiringView>('GET', `${t(orgId)}/hiring`),
    openRole: (orgId: string, input: CreateOpenRoleInput) => request<HiringView>('POST', `${t(orgId)}/hiring/roles`, input),
    closeRole: (orgId: string, roleId: string, input: CloseOpenRoleInput) => request<HiringView>('POST', `${t(orgId)}/hiring/roles/${seg(roleId)}/close`, input),
    addCandidate: (orgId: string, roleId: string, input: Partial<CreateCandidateInput> & Pick<CreateCandidateInput, 'name' | 'appliedAt'>) =>
      request<HiringView>('POST', `${t(orgId)}/hiring/roles/${seg(roleId)}/candidates`, input),
    moveCandidate: (orgId: string, candidateId: string, input: Partial<MoveCandidateInput> & Pick<MoveCandidateInput, 'stage' | 'at'>) =>
      request<HiringView>('POST', `${t(orgId)}/hiring/candidates/${seg(candidateId)}/moves`, input),
    reviews: (orgId: string) => request<ReviewPeriodView[]>('GET', `${t(orgId)}/reviews`),
    createReviewPeriod: (orgId: string, input: CreateReviewPeriodInput) => request<ReviewPeriodView>('POST', `${t(orgId)}/reviews/periods`, input),
    upsertReview: (orgId: string, periodId: string, input: Partial<UpsertReviewInput> & Pick<UpsertReviewInput, 'memberId' | 'scores'>) =>
      request<ReviewPeriodView>('PUT', `${t(orgId)}/reviews/periods/${seg(periodId)}/reviews`, input),
  };
}

export function progressClient(request: Requester) {
  const p = (orgId: string, projectId: string) => `${org(orgId)}/projects/${seg(projectId)}`;
  return {
    milestones: (orgId: string, q: { projectId?: string; asOf?: string } = {}) => request<MilestoneView[]>('GET', `${org(orgId)}/milestones${qs(q)}`),
    milestone: (orgId: string, milestoneId: string) => request<MilestoneView>('GET', `${org(orgId)}/milestones/${seg(milestoneId)}`),
    createMilestone: (orgId: string, input: CreateMilestoneBody) => request<MilestoneView>('POST', `${org(orgId)}/milestones`, input),
    deleteMilestone: (orgId: string, milestoneId: string) => request<void>('DELETE', `${org(orgId)}/milestones/${seg(milestoneId)}`),
    recordValue: (orgId: string, milestoneId: string, input: RecordObservationInput) => request<MilestoneView>('POST', `${org(orgId)}/milestones/${seg(milestoneId)}/observations`, input),
    tasks: (orgId: string, projectId: string) => request<TaskView[]>('GET', `${p(orgId, projectId)}/tasks`),
    createTask: (orgId: string, projectId: string, input: Partial<CreateProjectTaskInput> & Pick<CreateProjectTaskInput, 'title' | 'estimate'>) =>
      request<TaskView>('POST', `${p(orgId, projectId)}/tasks`, input),
    updateTask: (orgId: string, projectId: string, taskId: string, input: UpdateProjectTaskInput) => request<TaskView>('PATCH', `${p(orgId, projectId)}/tasks/${seg(taskId)}`, input),
    /** detach: also drop other tasks' dependencies on this one (without it, 409 names them). */
    deleteTask: (orgId: string, projectId: string, taskId: string, opts: { detach?: boolean } = {}) =>
      request<void>('DELETE', `${p(orgId, projectId)}/tasks/${seg(taskId)}${opts.detach ? '?detach=true' : ''}`),
    plan: (orgId: string, projectId: string, q: { startDate?: string } = {}) => request<ProjectPlanView>('GET', `${p(orgId, projectId)}/plan${qs(q)}`),
    lifecycle: (orgId: string, projectId: string) => request<LifecycleView>('GET', `${p(orgId, projectId)}/lifecycle`),
  };
}
