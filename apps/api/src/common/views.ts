// Response shapes for the OpenAPI document, as Zod schemas. The type assertions below fail the
// typecheck if one drifts from the view interface in @meridian/domain that the code returns.
import type { ApiKeyView, AuditLogView, CreatedApiKeyView, JobView, MeView, MemberView, MembershipView, ProjectView } from '@meridian/domain';
import { JOB_STATUSES, ZBusinessModel, ZProjectStage, ZRole, ZStartupMode } from '@meridian/domain';
import { z } from 'zod';

const iso = z.string().describe('ISO 8601 date-time');

export const ZMembershipView = z.object({ organizationId: z.string(), organizationName: z.string(), organizationSlug: z.string(), role: ZRole });
export const ZMeView = z.object({ user: z.object({ id: z.string(), email: z.string(), name: z.string() }), memberships: z.array(ZMembershipView) });
export const ZMemberView = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: ZRole, createdAt: iso });
export const ZApiKeyView = z.object({ id: z.string(), name: z.string(), prefix: z.string(), role: ZRole, createdAt: iso, lastUsedAt: iso.nullable(), revokedAt: iso.nullable() });
export const ZCreatedApiKeyView = ZApiKeyView.extend({ key: z.string().describe('The secret, shown only in this response') });
export const ZAuditLogView = z.object({
  id: z.string(),
  action: z.string(),
  actorUserId: z.string().nullable(),
  actorApiKeyId: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  metadata: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: iso,
});
export const ZProjectView = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  description: z.string(),
  stage: ZProjectStage,
  startupMode: ZStartupMode,
  businessModel: ZBusinessModel,
  goal: z.object({ statement: z.string(), metric: z.string().nullable(), threshold: z.number().nullable(), deadline: z.string().nullable().describe('YYYY-MM-DD') }),
  createdAt: iso,
  updatedAt: iso,
});
export const ZJobView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.number().describe('0-100'),
  result: z.unknown(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
});
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last') });

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type ViewSchemasMatchDomain = [
  Assert<Equals<z.infer<typeof ZMembershipView>, MembershipView>>,
  Assert<Equals<z.infer<typeof ZMeView>, MeView>>,
  Assert<Equals<z.infer<typeof ZMemberView>, MemberView>>,
  Assert<Equals<z.infer<typeof ZApiKeyView>, ApiKeyView>>,
  Assert<Equals<z.infer<typeof ZCreatedApiKeyView>, CreatedApiKeyView>>,
  Assert<Equals<z.infer<typeof ZAuditLogView>, AuditLogView>>,
  Assert<Equals<z.infer<typeof ZProjectView>, ProjectView>>,
  Assert<Equals<z.infer<typeof ZJobView>, JobView>>,
];
