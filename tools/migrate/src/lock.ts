// A PostgreSQL session-level advisory lock around migrations, so two processes (API, workers, the
// CLI) started together never apply migrations at once: the second waits, then finds nothing to do.
// The key differs from Prisma's own (72707369), which the engine may take on another session.

/** 'MERI' as a 32-bit integer; any constant works as long as every migrator agrees. */
export const MIGRATION_LOCK_KEY = 0x4d455249;

/** One database session: pg.Client and PGlite both have this shape. */
export interface LockSession {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface LockOptions {
  timeoutMs?: number;
  pollMs?: number;
  onWait?: () => void;
}

export class MigrationLockTimeoutError extends Error {
  override name = 'MigrationLockTimeoutError';
}

export async function withAdvisoryLock<T>(session: LockSession, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const pollMs = opts.pollMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let waited = false;
  // try-lock in a loop instead of a blocking pg_advisory_lock: we can report that we wait and give
  // up with a clear message instead of hanging forever behind a stuck migrator.
  for (;;) {
    const { rows } = await session.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    if ((rows[0] as { locked: boolean }).locked) break;
    if (!waited) {
      waited = true;
      opts.onWait?.();
    }
    if (Date.now() > deadline) {
      throw new MigrationLockTimeoutError(
        `Another process has held the migration lock (pg advisory lock ${MIGRATION_LOCK_KEY}) for more than ${timeoutMs} ms. ` +
          'Check for a stuck migrator in pg_locks / pg_stat_activity and stop it.',
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  try {
    return await fn();
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
