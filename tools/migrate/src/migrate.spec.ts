import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgUp, freshDatabase } from '../test/pg';
import { createMigration, markRolledBack, migrate, migrationStatus, MIGRATION_LOCK_KEY, MigrationLockTimeoutError, MigrationsDirError, defaultPaths } from './index';

const { migrationsDir, schemaPath } = defaultPaths();
const committed = readdirSync(migrationsDir).filter((n) => /^\d{14}_/.test(n));

function tempMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-migrations-'));
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

describe('migrate on embedded PGlite', () => {
  it('applies the committed migrations once and records them like prisma migrate deploy', async () => {
    const pglite = new PGlite();
    expect(await migrationStatus({ target: { pglite }, migrationsDir })).toMatchObject({ pending: committed, upToDate: false });
    const first = await migrate({ target: { pglite }, migrationsDir, schemaPath });
    expect(first.applied).toEqual(committed);
    expect(await migrationStatus({ target: { pglite }, migrationsDir })).toEqual({ pending: [], unknownToFolder: [], failed: [], edited: [], upToDate: true });
    const again = await migrate({ target: { pglite }, migrationsDir });
    expect(again.applied).toEqual([]);
    const rows = await pglite.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(committed);
    expect(rows.rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
    await pglite.close();
  });

  it('reports a failing migration by name, records it as failed, and resumes after --rolled-back', async () => {
    const dir = tempMigrations();
    mkdirSync(join(dir, '29990101000000_broken'));
    const file = join(dir, '29990101000000_broken', 'migration.sql');
    writeFileSync(file, 'ALTER TABLE "NoSuchTable" ADD COLUMN x int;');
    const pglite = new PGlite();
    await expect(migrate({ target: { pglite }, migrationsDir: dir })).rejects.toThrow(/Migration 29990101000000_broken failed: .*NoSuchTable/);
    const ok = await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    expect(ok.rows[0].n).toBe(committed.length);
    expect((await migrationStatus({ target: { pglite }, migrationsDir: dir })).failed).toEqual(['29990101000000_broken']);
    // Like prisma migrate deploy: a failed migration blocks until it is resolved.
    writeFileSync(file, 'ALTER TABLE "Project" ADD COLUMN "x" int;');
    await expect(migrate({ target: { pglite }, migrationsDir: dir })).rejects.toThrow(/failed/);
    await markRolledBack({ target: { pglite }, migrationName: '29990101000000_broken' });
    expect((await migrate({ target: { pglite }, migrationsDir: dir })).applied).toEqual(['29990101000000_broken']);
    await pglite.close();
  });

  it('says what is wrong with a malformed migrations folder', async () => {
    const dir = tempMigrations();
    mkdirSync(join(dir, '29990101000000_empty'));
    // The folder is read before any connection: an unreachable target proves nothing was touched.
    const target = { url: 'postgresql://nobody@127.0.0.1:1/none' };
    await expect(migrate({ target, migrationsDir: dir })).rejects.toThrow(MigrationsDirError);
    await expect(migrate({ target, migrationsDir: dir })).rejects.toThrow(/29990101000000_empty has no migration.sql/);
    await expect(migrate({ target, migrationsDir: join(dir, 'nope') })).rejects.toThrow(/does not exist/);
  });
});

describe('createMigration (offline, from the schema diff)', () => {
  it('finds nothing to add: the committed migrations build exactly prisma/schema.prisma', async () => {
    const none = await createMigration({ name: 'drift_check', migrationsDir: tempMigrations(), schemaPath });
    expect(
      none.sql,
      'prisma/schema.prisma has changes no migration covers: run `npm run db:migrate -- --create <name>` and commit the new folder',
    ).toBe('');
  });

  it('writes a new migration that applies when the schema changes', async () => {
    const dir = tempMigrations();

    const schemaDir = mkdtempSync(join(tmpdir(), 'meridian-schema-'));
    const changed = join(schemaDir, 'schema.prisma');
    writeFileSync(changed, `${readFileSync(schemaPath, 'utf8')}\nmodel Widget {\n  id   String @id\n  size Int\n}\n`);
    const out = await createMigration({ name: 'Add widgets', migrationsDir: dir, schemaPath: changed, now: new Date('2999-01-02T03:04:05Z') });
    expect(out.name).toBe('29990102030405_add_widgets');
    expect(out.sql).toContain('CREATE TABLE "Widget"');
    expect(readFileSync(join(dir, out.name!, 'migration.sql'), 'utf8')).toBe(out.sql);

    const pglite = new PGlite();
    const { applied } = await migrate({ target: { pglite }, migrationsDir: dir });
    expect(applied.at(-1)).toBe('29990102030405_add_widgets');
    await pglite.query('INSERT INTO "Widget" (id, size) VALUES ($1, $2)', ['w1', 3]);
    await pglite.close();
  });

  it('rejects an unusable name before touching anything', async () => {
    await expect(createMigration({ name: '../evil', migrationsDir: tempMigrations(), schemaPath })).rejects.toThrow(/not usable/);
  });
});

describe.runIf(pgUp)('migrate on PostgreSQL', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('lets two concurrent migrators both succeed while the migrations are applied exactly once', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const results = await Promise.all([
      migrate({ target: { url: db.url }, migrationsDir }),
      migrate({ target: { url: db.url }, migrationsDir }),
      migrate({ target: { url: db.url }, migrationsDir }),
    ]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(committed);
    expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query('SELECT migration_name FROM _prisma_migrations');
    await c.end();
    expect(rows.map((r) => r.migration_name).sort()).toEqual(committed);
  });

  it('gives up with a clear error when another process holds the lock too long', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await expect(migrate({ target: { url: db.url }, migrationsDir, lockTimeoutMs: 300 })).rejects.toThrow(MigrationLockTimeoutError);
    } finally {
      await holder.end();
    }
    // Once the holder's session ends, its lock is gone and migrating works.
    expect((await migrate({ target: { url: db.url }, migrationsDir })).applied).toEqual(committed);
  });

  it('names the server when it cannot connect, without the password', async () => {
    await expect(migrate({ target: { url: 'postgresql://u:secret@127.0.0.1:1/x' }, migrationsDir })).rejects.toThrow(/127\.0\.0\.1:1\/x/);
    await expect(migrate({ target: { url: 'postgresql://u:secret@127.0.0.1:1/x' }, migrationsDir })).rejects.not.toThrow(/secret/);
  });
});
