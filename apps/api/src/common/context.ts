import type { Role } from '@meridian/domain';

/** Who is calling: a signed-in user (session cookie) or an API key (one organisation, one role). */
export type Principal =
  | { kind: 'user'; userId: string; sessionId: string; email: string; name: string }
  | { kind: 'apiKey'; apiKeyId: string; organizationId: string; role: Role; createdById: string | null };

/** The caller's access to the organisation named in the route (set by the guard). */
export interface OrgAccess {
  organizationId: string;
  role: Role;
  principal: Principal;
}

/** What services need to know about the request for audit rows and logs. */
export interface Actor {
  principal: Principal | null;
  requestId: string;
  ip: string;
}

export function actorUserId(p: Principal | null): string | null {
  if (!p) return null;
  return p.kind === 'user' ? p.userId : p.createdById;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    orgAccess: OrgAccess | null;
  }
}
