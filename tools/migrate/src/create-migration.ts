// Writes a new migration folder from the difference between the existing migrations and the Prisma
// schema. Offline and serverless: the engine replays the migrations on an in-memory PGlite
// "shadow database", so no PostgreSQL server is needed to author a migration.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PGliteAdapterFactory } from './pglite-adapter';
import { PGlite } from '@electric-sql/pglite';
import { loadSchemaEngineModule, NO_FILTERS } from './engine';
import { readMigrationsDir, LOCKFILE_NAME, POSTGRES_LOCKFILE } from './migrations-dir';
import { MigrateError, parseEngineError } from './errors';

export interface CreateMigrationOptions {
  name: string;
  migrationsDir: string;
  schemaPath: string;
  /** Write a migration even when the schema matches the migrations (for hand-written SQL). */
  allowEmpty?: boolean;
  now?: Date;
}

export interface CreateMigrationResult {
  /** Folder name, e.g. 20261122081500_add_runs; null when there was nothing to migrate. */
  name: string | null;
  path: string | null;
  sql: string;
}

const NAME_RE = /^[a-z0-9][a-z0-9_]{0,62}$/;

export function migrationTimestamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export async function createMigration(opts: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const name = opts.name.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!NAME_RE.test(name)) {
    throw new MigrateError(`Migration name "${opts.name}" is not usable: use 1-63 letters, digits and underscores, e.g. add_training_runs.`);
  }
  if (!existsSync(opts.schemaPath)) throw new MigrateError(`Prisma schema not found at ${opts.schemaPath}.`);
  const schema = readFileSync(opts.schemaPath, 'utf8');
  const migrationsList = readMigrationsDir(opts.migrationsDir, { allowMissing: true });
  const { SchemaEngine } = await loadSchemaEngineModule();
  const pglite = new PGlite();
  try {
    const engine = await SchemaEngine.new(
      { datamodels: [[basename(opts.schemaPath), schema]] },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(new PGliteAdapterFactory(pglite)),
    );
    let result;
    try {
      result = await engine.diff({
        from: migrationsList.migrationDirectories.length ? { tag: 'migrations', ...migrationsList } : { tag: 'empty' },
        to: { tag: 'schemaDatamodel', files: [{ path: basename(opts.schemaPath), content: schema }] },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      });
    } catch (err) {
      throw new MigrateError(`Could not diff ${opts.schemaPath} against ${migrationsList.baseDir}: ${parseEngineError(err).message}`, { cause: err });
    } finally {
      engine.free();
    }
    // exitCode 2 = the diff is not empty (the engine's --exit-code convention).
    const empty = result.exitCode !== 2;
    if (empty && !opts.allowEmpty) return { name: null, path: null, sql: '' };
    const folder = `${migrationTimestamp(opts.now ?? new Date())}_${name}`;
    const dir = join(migrationsList.baseDir, folder);
    if (existsSync(dir)) throw new MigrateError(`${dir} already exists; wait a second or pick another name.`);
    mkdirSync(dir, { recursive: true });
    const sql = empty ? '-- This is an empty migration.\n' : (result.stdout ?? '');
    writeFileSync(join(dir, 'migration.sql'), sql);
    const lockPath = join(migrationsList.baseDir, LOCKFILE_NAME);
    if (!existsSync(lockPath)) writeFileSync(lockPath, POSTGRES_LOCKFILE);
    return { name: folder, path: dir, sql };
  } finally {
    await pglite.close();
  }
}
