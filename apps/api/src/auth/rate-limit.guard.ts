import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { requestOf } from '../common/decorators';
import { InjectConfig } from '../common/tokens';
import type { ApiConfig } from '../config';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows per client IP for sign-up and login, kept in this process. Behind
 * several API processes each keeps its own count; a shared store can replace it when that matters.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(@InjectConfig() private readonly config: ApiConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = requestOf(ctx);
    const now = Date.now();
    const key = req.ip;
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size > 50_000) this.sweep(now);
      entry = { count: 0, resetAt: now + WINDOW_MS };
      this.hits.set(key, entry);
    }
    entry.count++;
    if (entry.count > this.config.RATE_LIMIT_AUTH_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
      throw new AppError('RATE_LIMITED', `Too many attempts from this address; try again in ${retryAfter} s`, undefined, {
        'retry-after': String(retryAfter),
      });
    }
    return true;
  }

  private sweep(now: number): void {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}
