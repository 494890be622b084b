// The demo runs seed: two external runs with curves on Churn Radar, once (idempotent).
import { createTestDatabase, type TestDatabase } from '@meridian/db';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../src/seed/demo-seed';
import { seedRuns } from '../src/seed/runs-seed';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());

it('seeds two finished external runs with their curves, and only once', async () => {
  const { organizationId } = await seedDemo(db.prisma, 'meridian-demo-2026', 10);
  expect(await seedRuns(db.prisma, organizationId)).toEqual({ created: true });
  expect(await seedRuns(db.prisma, organizationId)).toEqual({ created: false });
  const runs = await db.prisma.trainingRun.findMany({ where: { organizationId }, include: { _count: { select: { metrics: true } } } });
  expect(runs).toHaveLength(2);
  expect(runs.every((r) => r.status === 'SUCCEEDED' && r.external)).toBe(true);
  expect(runs.map((r) => r._count.metrics).sort((a, b) => a - b)).toEqual([160, 240]);
});
