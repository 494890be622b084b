import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { LoginInput, MeView, SignUpInput } from '@meridian/domain';
import { AccessCache } from '../common/access-cache';
import { AppError } from '../common/app-error';
import type { Actor, Principal } from '../common/context';
import { Transactions, isUniqueViolation } from '../common/prisma';
import { InjectConfig } from '../common/tokens';
import type { ApiConfig } from '../config';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditService } from '../audit/audit.service';
import { OrgsService } from '../orgs/orgs.service';
import { AuthRepository } from './auth.repository';
import { hashPassword, verifyPassword } from './password';
import { newSessionToken, sha256 } from './tokens';

const SESSION_TOUCH_EVERY_MS = 5 * 60_000;
const SESSION_SWEEP_EVERY_MS = 60 * 60_000;
const INVALID_CREDENTIALS = 'Email or password is incorrect';

export interface SessionIssued {
  token: string;
  expiresAt: Date;
  me: MeView;
}

export interface Credentials {
  authorization?: string;
  sessionToken?: string;
}

@Injectable()
export class AuthService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the email is unknown, so both paths cost one scrypt. */
  private dummyHash = '';
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly repo: AuthRepository,
    private readonly orgs: OrgsService,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly cache: AccessCache,
    @InjectConfig() private readonly config: ApiConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword('meridian-timing-equaliser', this.config.PASSWORD_SCRYPT_LOG_N);
    // Expired sessions are refused on sight; this only keeps the table from growing forever.
    this.sweeper = setInterval(() => void this.sweepSessions(), SESSION_SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async sweepSessions(): Promise<number> {
    try {
      return await this.repo.deleteExpiredSessions(new Date());
    } catch (e) {
      this.logger.warn({ err: e }, 'could not delete expired sessions');
      return 0;
    }
  }

  async signUp(actor: Actor, input: SignUpInput, userAgent: string | null): Promise<SessionIssued> {
    const passwordHash = await hashPassword(input.password, this.config.PASSWORD_SCRYPT_LOG_N);
    const token = newSessionToken();
    const expiresAt = this.expiry();
    try {
      const userId = await this.tx.run(async (tx) => {
        const user = await this.repo.createUser({ email: input.email, name: input.name, passwordHash }, tx);
        const org = await this.orgs.createWithOwner(actor, user.id, input.organizationName, tx);
        await this.repo.createSession({ userId: user.id, tokenHash: sha256(token), expiresAt, userAgent, ip: actor.ip || null }, tx);
        await this.audit.record(actor, { action: 'auth.signup', organizationIds: [org.id], targetType: 'user', targetId: user.id, userId: user.id }, tx);
        return user.id;
      });
      return { token, expiresAt, me: await this.me(userId) };
    } catch (e) {
      if (isUniqueViolation(e)) {
        const taken = await this.repo.findUserByEmail(input.email);
        if (taken) throw AppError.conflict('An account with this email already exists; sign in instead');
      }
      throw e;
    }
  }

  async login(actor: Actor, input: LoginInput, userAgent: string | null): Promise<SessionIssued> {
    const user = await this.repo.findUserByEmail(input.email);
    const ok = await verifyPassword(input.password, user?.passwordHash ?? this.dummyHash);
    if (!user || !ok) {
      const orgIds = user ? (await this.orgs.membershipsOf(user.id)).map((m) => m.organizationId) : [];
      await this.audit.record(actor, {
        action: 'auth.login_failed',
        organizationIds: orgIds,
        targetType: 'user',
        targetId: user?.id,
        userId: null,
        metadata: user ? {} : { email: input.email },
      });
      throw new AppError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    const token = newSessionToken();
    const expiresAt = this.expiry();
    const me = await this.me(user.id);
    await this.tx.run(async (tx) => {
      await this.repo.createSession({ userId: user.id, tokenHash: sha256(token), expiresAt, userAgent, ip: actor.ip || null }, tx);
      await this.audit.record(
        actor,
        { action: 'auth.login', organizationIds: me.memberships.map((m) => m.organizationId), targetType: 'user', targetId: user.id, userId: user.id },
        tx,
      );
    });
    return { token, expiresAt, me };
  }

  async logout(actor: Actor, sessionToken: string | undefined): Promise<void> {
    if (!sessionToken) return;
    await this.repo.deleteSession(sha256(sessionToken));
    this.cache.invalidate();
    if (actor.principal?.kind === 'user') {
      const orgIds = (await this.orgs.membershipsOf(actor.principal.userId)).map((m) => m.organizationId);
      await this.audit.record(actor, { action: 'auth.logout', organizationIds: orgIds, targetType: 'user', targetId: actor.principal.userId });
    }
  }

  async me(userId: string): Promise<MeView> {
    const user = await this.repo.findUser(userId);
    if (!user) throw AppError.unauthenticated();
    return { user, memberships: await this.orgs.membershipsOf(userId) };
  }

  /** An API key is no user: it sees itself and its one organisation, never its creator's others. */
  async meForApiKey(p: Extract<Principal, { kind: 'apiKey' }>): Promise<MeView> {
    const org = await this.orgs.organization(p.organizationId);
    if (!org) throw AppError.unauthenticated();
    return {
      user: { id: p.apiKeyId, email: '', name: 'API key' },
      memberships: [{ organizationId: org.id, organizationName: org.name, organizationSlug: org.slug, role: p.role }],
    };
  }

  /**
   * Who the credentials belong to, or null when none were sent. A Bearer header wins over the
   * cookie; presented but invalid credentials also give null (the guard answers 401).
   */
  async authenticate(c: Credentials): Promise<Principal | null> {
    if (c.authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(c.authorization);
      return m ? this.apiKeys.authenticate(m[1]) : null;
    }
    if (c.sessionToken) return this.session(c.sessionToken);
    return null;
  }

  private async session(token: string): Promise<Principal | null> {
    if (token.length > 200) return null;
    const hash = sha256(token);
    const cached = this.cache.principals.get(`s:${hash}`);
    if (cached) return cached;
    const s = await this.repo.findSession(hash);
    const now = Date.now();
    if (!s || s.expiresAt.getTime() <= now) return null;
    const principal: Principal = { kind: 'user', userId: s.user.id, sessionId: s.id, email: s.user.email, name: s.user.name };
    this.cache.principals.set(`s:${hash}`, principal, s.expiresAt.getTime());
    if (now - s.lastSeenAt.getTime() > SESSION_TOUCH_EVERY_MS) {
      this.repo.touchSession(s.id, new Date(now)).catch((e: unknown) => this.logger.warn({ err: e }, 'could not record session use'));
    }
    return principal;
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600_000);
  }
}
