export * from './generated/prisma/client';
export { openDatabase, DatabaseUnavailableError, type Database, type OpenDatabaseOptions, type DbLogger } from './database';
export { newId, idTime } from './ids';
export { createTestDatabase, postgresReachable, testAdminUrl, testDbMode, type TestDatabase, type CreateTestDatabaseOptions } from './testing';
export { DataDirLockedError, MigrateError } from '@meridian/migrate';
