export { migrate, markRolledBack, migrationStatus, type MigrationStatus, type MigrateOptions, type MigrateResult, type MigrationTarget, type MigrateLogger } from './migrate';
export { createMigration, migrationTimestamp, type CreateMigrationOptions, type CreateMigrationResult } from './create-migration';
export { withAdvisoryLock, MIGRATION_LOCK_KEY, MigrationLockTimeoutError, type LockSession } from './lock';
export { readMigrationsDir, MigrationsDirError } from './migrations-dir';
export { MigrateError, describeUrl } from './errors';
export { loadSchemaEngineModule } from './engine';
export { lockDataDir, DataDirLockedError, type DataDirLock } from './data-dir-lock';
export { findWorkspaceRoot, defaultPaths } from './paths';
export { PGliteAdapterFactory } from './pglite-adapter';
