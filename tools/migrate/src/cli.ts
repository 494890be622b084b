// `npm run db:migrate` applies prisma/migrations to DATABASE_URL, or to the embedded PGlite folder
// (MERIDIAN_DATA_DIR, default <repo>/.data/pglite) when DATABASE_URL is unset.
// `npm run db:migrate -- --create NAME` writes a new migration from the schema diff, offline.
import { parseArgs } from 'node:util';
import { createMigration } from './create-migration';
import { markRolledBack, migrate, migrationStatus, type MigrationTarget } from './migrate';
import { defaultPaths } from './paths';
import { describeUrl } from './errors';
import { lockDataDir } from './data-dir-lock';

const USAGE = `Usage:
  npm run db:migrate                       apply pending migrations (DATABASE_URL, else embedded PGlite)
  npm run db:migrate -- --create NAME      write prisma/migrations/<timestamp>_NAME from the schema diff
  npm run db:migrate -- --status           list pending, failed and edited migrations; exit 1 unless up to date
Options:
  --migrations-dir DIR   default <repo>/prisma/migrations
  --schema FILE          default <repo>/prisma/schema.prisma
  --data-dir DIR         embedded PGlite folder (default PGLITE_DATA_DIR, as the API, or <repo>/.data/pglite)
  --allow-empty          with --create: write an empty migration for hand-written SQL
  --rolled-back NAME     mark a failed migration rolled back (after fixing it), like prisma migrate resolve`;

const log = {
  info: (msg: string, meta?: object) => console.log(meta ? `${msg} ${JSON.stringify(meta)}` : msg),
  warn: (msg: string, meta?: object) => console.warn(meta ? `${msg} ${JSON.stringify(meta)}` : msg),
};

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        create: { type: 'string' },
        'migrations-dir': { type: 'string' },
        schema: { type: 'string' },
        'data-dir': { type: 'string' },
        'allow-empty': { type: 'boolean' },
        'rolled-back': { type: 'string' },
        status: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const paths = defaultPaths();
  const migrationsDir = args['migrations-dir'] ?? paths.migrationsDir;
  const schemaPath = args.schema ?? paths.schemaPath;

  if (args.create !== undefined) {
    const out = await createMigration({ name: args.create, migrationsDir, schemaPath, allowEmpty: args['allow-empty'] });
    if (!out.name) {
      log.info(`No changes: ${schemaPath} matches the migrations in ${migrationsDir}. Nothing written (use --allow-empty for a hand-written migration).`);
    } else {
      log.info(`Created ${out.path}/migration.sql. Review it, then run: npm run db:migrate`);
    }
    return 0;
  }

  let exitCode = 0;
  const run = async (target: MigrationTarget) => {
    if (args.status) {
      const s = await migrationStatus({ target, migrationsDir });
      if (s.upToDate) log.info('database schema is up to date with prisma/migrations');
      for (const n of s.pending) log.info(`  pending  ${n}`);
      for (const n of s.failed) log.info(`  FAILED   ${n}  (fix it, then --rolled-back ${n})`);
      for (const n of s.edited) log.info(`  edited   ${n}  (migration.sql changed after it was applied)`);
      for (const n of s.unknownToFolder) log.info(`  unknown  ${n}  (applied here, missing from ${migrationsDir})`);
      exitCode = s.upToDate ? 0 : 1;
      return;
    }
    const rolledBack = args['rolled-back'];
    if (rolledBack) return markRolledBack({ target, migrationName: rolledBack, logger: log });
    const { applied } = await migrate({ target, migrationsDir, schemaPath, logger: log });
    for (const name of applied) log.info(`  applied ${name}`);
  };
  const url = process.env.DATABASE_URL;
  if (url) {
    log.info(`PostgreSQL ${describeUrl(url)}`);
    await run({ url });
    return exitCode;
  }
  const dataDir = args['data-dir'] ?? process.env.PGLITE_DATA_DIR ?? process.env.MERIDIAN_DATA_DIR ?? paths.pgliteDataDir;
  log.info(`DATABASE_URL is not set: using the embedded database in ${dataDir}`);
  const lock = await lockDataDir(dataDir);
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ dataDir });
  try {
    await run({ pglite });
  } finally {
    await pglite.close();
    await lock.release();
  }
  return exitCode;
}
