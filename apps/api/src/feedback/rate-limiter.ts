/**
 * Fixed one-minute windows per bucket (a feedback key, a client IP), kept in this process: behind
 * several API processes each keeps its own count. Returns the seconds to wait when over the limit.
 */
export class FixedWindowLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly windowMs = 60_000) {}

  hit(bucket: string, limit: number, now = Date.now()): number {
    let e = this.hits.get(bucket);
    if (!e || e.resetAt <= now) {
      if (this.hits.size > 50_000) for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
      e = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(bucket, e);
    }
    e.count++;
    return e.count > limit ? Math.ceil((e.resetAt - now) / 1000) : 0;
  }
}
