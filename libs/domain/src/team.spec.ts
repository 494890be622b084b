import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOAL_DIRECTIONS, TASK_STATUSES } from './planning';
import { CANDIDATE_STAGES, ZSetAllocationSchema, ZUpsertReviewSchema } from './team';

function prismaEnum(name: string): string[] {
  const schema = readFileSync(join(__dirname, '../../../prisma/schema.prisma'), 'utf8');
  const block = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema);
  if (!block) throw new Error(`enum ${name} not in schema.prisma`);
  return block[1].split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('team and progress enums mirror the Prisma schema', () => {
  it.each([
    ['CandidateStage', CANDIDATE_STAGES],
    ['TaskStatus', TASK_STATUSES],
    ['GoalDirection', GOAL_DIRECTIONS],
  ])('%s', (name, values) => {
    expect(prismaEnum(name)).toEqual([...values]);
  });
});

describe('team input schemas', () => {
  it('rejects allocations outside 0..100 and review scores outside 1..5', () => {
    expect(ZSetAllocationSchema.safeParse({ projectId: 'p', percent: 101 }).success).toBe(false);
    expect(ZSetAllocationSchema.safeParse({ projectId: 'p', percent: 40 }).success).toBe(true);
    expect(ZUpsertReviewSchema.safeParse({ memberId: 'm', scores: [{ kpi: 'teamwork', score: 6 }] }).success).toBe(false);
    expect(ZUpsertReviewSchema.safeParse({ memberId: 'm', scores: [{ kpi: 'teamwork', score: 0 }] }).success).toBe(false);
    expect(ZUpsertReviewSchema.safeParse({ memberId: 'm', scores: [{ kpi: 'teamwork', score: 4 }, { kpi: 'teamwork', score: 3 }] }).success).toBe(false);
    expect(ZUpsertReviewSchema.safeParse({ memberId: 'm', scores: [{ kpi: 'teamwork', score: 4 }] }).success).toBe(true);
  });
});
