import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { roleAtLeast, type Role } from '@meridian/domain';
import { AppError } from '../common/app-error';
import { IS_PUBLIC, ORG_ROLE, requestOf } from '../common/decorators';
import { OrgsService } from '../orgs/orgs.service';
import { AuthService } from './auth.service';
import { SESSION_COOKIE } from './tokens';

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The global guard: every REST route and GraphQL resolver needs a principal unless marked
 * @Public(), and every route with an `orgId` needs @OrgRole — membership is checked here, once,
 * so a handler cannot forget it. Not a member answers 404 (the organisation's existence is not
 * disclosed); a lower role answers 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly orgs: OrgsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const req = requestOf(ctx);
    const principal = await this.auth.authenticate({
      authorization: req.headers.authorization,
      sessionToken: req.cookies?.[SESSION_COOKIE],
    });
    req.principal = principal;
    if (isPublic) return true;
    if (!principal) {
      throw req.headers.authorization !== undefined || req.cookies?.[SESSION_COOKIE]
        ? AppError.unauthenticated('Your session has expired or the API key is invalid or revoked; sign in again or use a valid key')
        : AppError.unauthenticated();
    }

    const needed = this.reflector.getAllAndOverride<Role | undefined>(ORG_ROLE, targets);
    const orgId = this.orgIdOf(ctx);
    if (orgId === undefined) {
      if (needed) throw new AppError('INTERNAL', 'route declares @OrgRole but has no orgId');
      return true;
    }
    if (!needed) throw new AppError('INTERNAL', 'route takes an orgId but declares no @OrgRole');
    if (typeof orgId !== 'string' || !ID_RE.test(orgId)) throw AppError.notFound('organization');
    const access = await this.orgs.access(principal, orgId);
    if (!access) throw AppError.notFound('organization');
    if (!roleAtLeast(access.role, needed)) {
      throw AppError.forbidden(`This needs the ${needed} role or higher in the organisation; you are ${access.role}`);
    }
    req.orgAccess = access;
    return true;
  }

  private orgIdOf(ctx: ExecutionContext): unknown {
    if (ctx.getType<string>() === 'graphql') {
      return GqlExecutionContext.create(ctx).getArgs<{ orgId?: unknown }>().orgId;
    }
    return ctx.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params?.orgId;
  }
}
