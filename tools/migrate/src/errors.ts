export class MigrateError extends Error {
  override name = 'MigrateError';
}

/** host:port/database of a connection string, never its password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0];
  return String(err);
}

/**
 * The schema engine's errors are "<kind>\n<detail>\n   0: <backtrace>...": keep kind and detail,
 * drop the Rust backtrace, and pull out the migration it was applying, if any.
 */
export function parseEngineError(err: unknown): { message: string; migrationName: string | null } {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split('\n');
  const traceStart = lines.findIndex((l) => /^\s+\d+: /.test(l));
  const head = (traceStart < 0 ? lines : lines.slice(0, traceStart)).map((l) => l.trim()).filter(Boolean);
  const name = /migration_name="([^"]+)"/.exec(text);
  return { message: head.join(': '), migrationName: name ? name[1] : null };
}
