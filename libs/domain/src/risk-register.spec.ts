import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAIRNESS_VERDICTS } from './fairness-report';
import { FAIRNESS_AUDIT_STATUSES, ZRiskListQuery, ZUpdateRiskSchema } from './risk-register';
import { AI_ACT_TIERS, COMPLIANCE_FRAMEWORKS, COMPLIANCE_STATUSES, RISK_CATEGORIES, RISK_RESPONSES, RISK_SOURCES, RISK_STATUSES } from './risk';

function prismaEnum(name: string): string[] {
  const schema = readFileSync(join(__dirname, '../../../prisma/schema.prisma'), 'utf8');
  const block = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema);
  if (!block) throw new Error(`enum ${name} not in schema.prisma`);
  return block[1].split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('governance enums mirror the Prisma schema', () => {
  it.each([
    ['RiskCategory', RISK_CATEGORIES],
    ['RiskResponse', RISK_RESPONSES],
    ['RiskStatus', RISK_STATUSES],
    ['RiskSource', RISK_SOURCES],
    ['AiActTier', AI_ACT_TIERS],
    ['ComplianceFramework', COMPLIANCE_FRAMEWORKS],
    ['ComplianceStatus', COMPLIANCE_STATUSES],
    ['FairnessAuditStatus', FAIRNESS_AUDIT_STATUSES],
    ['FairnessVerdict', FAIRNESS_VERDICTS],
  ])('%s', (name, values) => {
    expect(prismaEnum(name)).toEqual([...values]);
  });
});

describe('risk register request schemas', () => {
  it('parses query flags and refuses an empty update', () => {
    expect(ZRiskListQuery.parse({ overdue: 'true', level: 'HIGH' })).toEqual({ overdue: true, level: 'HIGH', limit: 50 });
    expect(ZRiskListQuery.safeParse({ overdue: 'yes' }).success).toBe(false);
    expect(ZUpdateRiskSchema.safeParse({}).success).toBe(false);
    expect(ZUpdateRiskSchema.safeParse({ likelihood: 6 }).success).toBe(false);
  });
});
