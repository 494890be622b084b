// Response shapes of the team routes for the OpenAPI document; the assertions at the bottom fail
// the typecheck if one drifts from the view interface in @meridian/domain.
import { CANDIDATE_STAGES, OPEN_ROLE_STATUSES, type HiringView, type ReviewPeriodView, type TeamMemberView, type TeamRoleView, type WorkloadView } from '@meridian/domain';
import { z } from 'zod';

const alloc = z.object({ projectId: z.string(), projectName: z.string(), percent: z.number().int() });
export const ZTeamRoleView = z.object({ key: z.string(), label: z.string(), custom: z.boolean() });
export const ZTeamMemberView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.string(),
  roleLabel: z.string(),
  title: z.string(),
  userId: z.string().nullable(),
  skills: z.array(z.object({ name: z.string(), level: z.number().int() })),
  allocations: z.array(alloc),
  totalAllocationPct: z.number().int(),
  overAllocated: z.boolean().describe('total allocation above 100 %'),
  createdAt: z.string(),
});
export const ZWorkloadView = z.object({
  allocationCapPct: z.number().int(),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), totalAllocationPct: z.number().int(), overAllocated: z.boolean(), allocations: z.array(alloc) })),
  overAllocatedCount: z.number().int(),
});
const stage = z.enum(CANDIDATE_STAGES);
export const ZHiringView = z.object({
  roles: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      role: z.string(),
      status: z.enum(OPEN_ROLE_STATUSES),
      openedAt: z.string(),
      closedAt: z.string().nullable(),
      timeToHireDays: z.number().nullable(),
      stageCounts: z.record(stage, z.number().int()),
      candidates: z.array(
        z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), stage, appliedAt: z.string(), events: z.array(z.object({ stage, at: z.string(), note: z.string() })) }),
      ),
    }),
  ),
  filledCount: z.number().int(),
  averageTimeToHireDays: z.number().nullable(),
});
export const ZReviewPeriodView = z.object({
  id: z.string(),
  name: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  reviews: z.array(z.object({ id: z.string(), memberId: z.string(), memberName: z.string(), scores: z.array(z.object({ kpi: z.string(), score: z.number().int() })), average: z.number(), notes: z.string() })),
  rollup: z.array(z.object({ kpi: z.string(), average: z.number(), count: z.number().int() })),
  teamAverage: z.number().nullable(),
});

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type TeamViewSchemasMatchDomain = [
  Assert<Equals<z.infer<typeof ZTeamRoleView>, TeamRoleView>>,
  Assert<Equals<z.infer<typeof ZTeamMemberView>, TeamMemberView>>,
  Assert<Equals<z.infer<typeof ZWorkloadView>, WorkloadView>>,
  Assert<Equals<z.infer<typeof ZHiringView>, HiringView>>,
  Assert<Equals<z.infer<typeof ZReviewPeriodView>, ReviewPeriodView>>,
];
