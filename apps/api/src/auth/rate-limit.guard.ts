import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { requestOf } from '../common/decorators';
import { InjectConfig } from '../common/tokens';
import type { ApiConfig } from '../config';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows for sign-up and login, counted per client IP and per email address: the
 * IP bucket stops one client trying many accounts, the email bucket stops many addresses (or a
 * spoofed X-Forwarded-For) trying one account. Kept in this process; behind several API processes
 * each keeps its own count.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(@InjectConfig() private readonly config: ApiConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = requestOf(ctx);
    const now = Date.now();
    const email = (req.body as { email?: unknown } | undefined)?.email;
    const keys = [`ip:${req.ip}`];
    if (typeof email === 'string' && email.length <= 254) keys.push(`email:${email.trim().toLowerCase()}`);
    let retryAfter = 0;
    for (const key of keys) {
      let entry = this.hits.get(key);
      if (!entry || entry.resetAt <= now) {
        if (this.hits.size > 50_000) this.sweep(now);
        entry = { count: 0, resetAt: now + WINDOW_MS };
        this.hits.set(key, entry);
      }
      entry.count++;
      if (entry.count > this.config.RATE_LIMIT_AUTH_PER_MINUTE) retryAfter = Math.max(retryAfter, Math.ceil((entry.resetAt - now) / 1000));
    }
    if (retryAfter > 0) {
      throw new AppError('RATE_LIMITED', `Too many attempts; try again in ${retryAfter} s`, undefined, { 'retry-after': String(retryAfter) });
    }
    return true;
  }

  private sweep(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}
