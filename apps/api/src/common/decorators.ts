import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ApiExtension, ApiParam } from '@nestjs/swagger';
import type { Role } from '@meridian/domain';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import type { Actor, OrgAccess, Principal } from './context';

export const IS_PUBLIC = 'meridian:public';
export const ORG_ROLE = 'meridian:orgRole';

/** Opts a route out of the global auth guard, on purpose; it shows as `x-public` in OpenAPI. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/**
 * The route (or resolver) acts inside the organisation named by its `orgId` parameter or argument:
 * the guard answers 404 to non-members and 403 below `role`. A route with an `orgId` and no
 * OrgRole is refused, so forgetting it fails closed.
 */
export const OrgRole = (role: Role) =>
  applyDecorators(SetMetadata(ORG_ROLE, role), ApiParam({ name: 'orgId', type: String, description: `Organisation id; needs role ${role} or higher` }));

export function requestOf(ctx: ExecutionContext): FastifyRequest {
  if (ctx.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(ctx).getContext<{ req: FastifyRequest }>().req;
  }
  return ctx.switchToHttp().getRequest<FastifyRequest>();
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const p = requestOf(ctx).principal;
  if (!p) throw AppError.unauthenticated();
  return p;
});

export const CurrentOrg = createParamDecorator((_: unknown, ctx: ExecutionContext): OrgAccess => {
  const org = requestOf(ctx).orgAccess;
  // Reaching a handler without org access is a wiring bug; never serve data on it.
  if (!org) throw new AppError('INTERNAL', 'organisation access was not resolved');
  return org;
});

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = requestOf(ctx);
  return { principal: req.principal ?? null, requestId: String(req.id), ip: req.ip };
});
