// An embedded PGlite data folder may be opened by one process only: two PGlite instances writing
// the same files corrupt them. A lock folder beside the data folder (proper-lockfile: atomic mkdir,
// refreshed mtime, stale after 30 s so a crashed process does not block the next start).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

export interface DataDirLock {
  lockPath: string;
  release(): Promise<void>;
}

export async function lockDataDir(dataDir: string, onCompromised?: (err: Error) => void): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lockPath = `${dir}.lock`;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: lockPath,
      stale: 30_000,
      update: 5_000,
      retries: 0,
      onCompromised: onCompromised ?? ((err) => process.emitWarning(`embedded database lock ${lockPath} compromised: ${err.message}`)),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DataDirLockedError(
        `The embedded database folder ${dir} is in use by another process (lock ${lockPath}). ` +
          'Embedded PGlite serves one process: stop the other one (API or `npm start`), use another data folder, ' +
          'or set DATABASE_URL to share a PostgreSQL server between processes. If that process was killed, ' +
          'the lock goes stale and frees itself within 30 s.',
      );
    }
    throw err;
  }
  return { lockPath, release: () => release().catch(() => undefined) };
}
