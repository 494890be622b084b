import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DatabaseUnavailableError, newId, openDatabase, type TestDatabase } from './index';

describe('createTestDatabase (PostgreSQL when reachable, else PGlite)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it('is migrated and usable through Prisma, including relations and enums', async () => {
    await db.ping();
    const org = await db.prisma.organization.create({ data: { id: newId(), name: 'Acme', slug: `acme-${newId()}` } });
    const project = await db.prisma.project.create({
      data: { id: newId(), organizationId: org.id, name: 'Vision', startupMode: 'RND', businessModel: 'SAAS', goalThreshold: 0.9 },
    });
    const found = await db.prisma.project.findUniqueOrThrow({ where: { id: project.id }, include: { organization: true } });
    expect(found.organization.slug).toBe(org.slug);
    expect(found.stage).toBe('PLANNING');
    await expect(
      db.prisma.project.create({ data: { id: newId(), organizationId: org.id, name: 'Vision', startupMode: 'RND', businessModel: 'SAAS' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('rolls back an interactive transaction that throws', async () => {
    const id = newId();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.organization.create({ data: { id, name: 'Temp', slug: `t-${id}` } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.prisma.organization.findUnique({ where: { id } })).toBeNull();
  });

  it('gives every call its own database', async () => {
    const other = await createTestDatabase();
    try {
      expect(other.name).not.toBe(db.name);
      const id = newId();
      await db.prisma.organization.create({ data: { id, name: 'Only here', slug: `o-${id}` } });
      expect(await other.prisma.organization.findUnique({ where: { id } })).toBeNull();
    } finally {
      await other.close();
    }
  });
});

describe('openDatabase on embedded PGlite', () => {
  it('migrates a new data folder and refuses a second opener with a clear message', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'meridian-db-')), 'pglite');
    const db = await openDatabase({ dataDir, migrate: true });
    try {
      expect(db.kind).toBe('pglite');
      await db.ping();
      await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by another process/);
    } finally {
      await db.close();
    }
    // After close the lock is released and the data persisted.
    const again = await openDatabase({ dataDir, migrate: true });
    expect(await again.prisma.organization.count()).toBe(0);
    await again.close();
  });
});

describe('openDatabase on an unreachable server', () => {
  it('names the server, not the password', async () => {
    const err = await openDatabase({ url: 'postgresql://app:hunter2@127.0.0.1:1/meridian' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(/127\.0\.0\.1:1\/meridian/);
    expect((err as Error).message).not.toMatch(/hunter2/);
  });
});
