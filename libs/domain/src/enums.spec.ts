import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUSINESS_MODELS, JOB_STATUSES, PROJECT_STAGES, ROLES, STARTUP_MODES } from './enums';
import { COST_CATEGORIES, COST_SOURCES, FUNDING_ROUND_TYPES } from './finance';

function prismaEnum(name: string): string[] {
  const schema = readFileSync(join(__dirname, '../../../prisma/schema.prisma'), 'utf8');
  const block = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema);
  if (!block) throw new Error(`enum ${name} not in schema.prisma`);
  return block[1].split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('domain enums mirror the Prisma schema', () => {
  it.each([
    ['Role', ROLES],
    ['ProjectStage', PROJECT_STAGES],
    ['StartupMode', STARTUP_MODES],
    ['BusinessModel', BUSINESS_MODELS],
    ['JobStatus', JOB_STATUSES],
    ['CostCategory', COST_CATEGORIES],
    ['FundingRoundType', FUNDING_ROUND_TYPES],
    ['CostSource', COST_SOURCES],
  ])('%s', (name, values) => {
    expect(prismaEnum(name)).toEqual([...values]);
  });
});
