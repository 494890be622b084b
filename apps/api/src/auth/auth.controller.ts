import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZLoginSchema, ZSignUpSchema, type LoginInput, type MeView, type SignUpInput } from '@meridian/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Principal } from '../common/context';
import { CurrentActor, CurrentPrincipal, Public } from '../common/decorators';
import { InjectConfig } from '../common/tokens';
import { ApiOk, ZBody } from '../common/zod';
import type { ApiConfig } from '../config';
import { AuthService, type SessionIssued } from './auth.service';
import { AuthRateLimitGuard } from './rate-limit.guard';
import { SESSION_COOKIE } from './tokens';
import { ZMeView } from '../common/views';

function userAgentOf(req: FastifyRequest): string | null {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua.slice(0, 300) : null;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectConfig() private readonly config: ApiConfig,
  ) {}

  @Public()
  @UseGuards(AuthRateLimitGuard)
  @Post('auth/signup')
  @ApiOperation({ summary: 'Create an account and its first organisation; sets the session cookie' })
  @ApiOk(ZMeView, 201, 'Signed up and in')
  @ApiResponse({ status: 409, description: 'CONFLICT: the email is taken' })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED (see Retry-After)' })
  async signUp(@ZBody(ZSignUpSchema) body: SignUpInput, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeView> {
    return this.issue(req, reply, await this.auth.signUp(actor, body, userAgentOf(req)));
  }

  @Public()
  @UseGuards(AuthRateLimitGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets the session cookie' })
  @ApiOk(ZMeView, 200, 'Signed in')
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS' })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED (see Retry-After)' })
  async login(@ZBody(ZLoginSchema) body: LoginInput, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MeView> {
    return this.issue(req, reply, await this.auth.login(actor, body, userAgentOf(req)));
  }

  /** Public so a stale cookie can always be cleared. */
  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session: deletes it server-side and clears the cookie' })
  async logout(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(actor, req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and their organisations (for an API key: the key and its one organisation)' })
  @ApiOk(ZMeView)
  async me(@CurrentPrincipal() p: Principal): Promise<MeView> {
    return p.kind === 'user' ? this.auth.me(p.userId) : this.auth.meForApiKey(p);
  }

  private issue(req: FastifyRequest, reply: FastifyReply, s: SessionIssued): MeView {
    reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.COOKIE_SECURE ?? req.protocol === 'https',
      path: '/',
      expires: s.expiresAt,
    });
    return s.me;
  }
}
