import { z } from 'zod';
import { ZRole } from './enums';

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email({ error: 'must be an email address' })).pipe(z.string().max(254));
export const ZPassword = z.string().min(10, 'must be at least 10 characters').max(200);

export const ZSignUpSchema = z.object({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().min(1).max(120),
  organizationName: z.string().trim().min(2).max(120),
});
export type SignUpInput = z.infer<typeof ZSignUpSchema>;

export const ZLoginSchema = z.object({ email: ZEmail, password: z.string().min(1).max(200) });
export type LoginInput = z.infer<typeof ZLoginSchema>;

export const ZCreateApiKeySchema = z.object({
  name: z.string().trim().min(1).max(80),
  role: ZRole.default('MEMBER'),
});
export type CreateApiKeyInput = z.infer<typeof ZCreateApiKeySchema>;

export const ZCreateOrganizationSchema = z.object({ name: z.string().trim().min(2).max(120) });
export type CreateOrganizationInput = z.infer<typeof ZCreateOrganizationSchema>;

export const ZAddMemberSchema = z.object({ email: ZEmail, role: ZRole });
export const ZUpdateMemberSchema = z.object({ role: ZRole });

export interface UserView {
  id: string;
  email: string;
  name: string;
}
export interface MembershipView {
  organizationId: string;
  organizationName: string;
  organizationSlug: string;
  role: z.infer<typeof ZRole>;
}
export interface MeView {
  user: UserView;
  memberships: MembershipView[];
}
export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: z.infer<typeof ZRole>;
  createdAt: string;
}
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: z.infer<typeof ZRole>;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
/** Only the create response carries the secret, once. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}
export interface AuditLogView {
  id: string;
  action: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: unknown;
  ip: string | null;
  requestId: string | null;
  createdAt: string;
}
