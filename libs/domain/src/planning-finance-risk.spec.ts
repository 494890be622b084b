import { describe, expect, it } from 'vitest';
import { ZCpmTask, ZMilestoneGoal, ZCreateTaskSchema, ZLifecycleFacts } from './planning';
import { ZCreateBudgetSchema, ZCreateCostEntrySchema, ZCreateRevenueStreamSchema, ZMoney, ZScenarioChange } from './finance';
import { ZCreateRiskSchema, ZRiskTransitionSchema, ZUpdateComplianceItemSchema } from './risk';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.success ? [] : r.error!.issues.map((i) => i.path.join('.')));

describe('planning schemas', () => {
  it('refuses negative durations and estimates', () => {
    expect(paths(ZCpmTask.safeParse({ id: 'a', duration: -1 }))).toEqual(['duration']);
    expect(ZCpmTask.parse({ id: 'a', duration: 2 })).toEqual({ id: 'a', duration: 2, dependsOn: [] });
    expect(paths(ZCreateTaskSchema.safeParse({ title: 't', estimate: -3 }))).toEqual(['estimate']);
  });
  it('needs a deadline on or after the start date', () => {
    const g = { metric: 'accuracy', threshold: 0.9, startDate: '2027-01-01', deadline: '2026-12-31' };
    expect(paths(ZMilestoneGoal.safeParse(g))).toEqual(['deadline']);
    expect(ZMilestoneGoal.parse({ ...g, deadline: '2027-05-31' })).toMatchObject({ direction: 'AT_LEAST', baseline: null });
  });
  it('accepts partial lifecycle facts but not wrong types', () => {
    expect(ZLifecycleFacts.parse({ goalDefined: true })).toEqual({ goalDefined: true });
    expect(paths(ZLifecycleFacts.safeParse({ datasetVersionCount: -1 }))).toEqual(['datasetVersionCount']);
  });
});

describe('finance schemas', () => {
  it('keeps money integer and the currency an ISO code', () => {
    expect(paths(ZMoney.safeParse({ minor: 12.5, currency: 'EUR' }))).toEqual(['minor']);
    expect(paths(ZMoney.safeParse({ minor: 1250, currency: 'eur' }))).toEqual(['currency']);
    expect(paths(ZMoney.safeParse({ minor: 2 ** 60, currency: 'EUR' }))).toEqual(['minor']);
  });
  it('refuses negative costs and budgets, and reversed periods', () => {
    expect(paths(ZCreateCostEntrySchema.safeParse({ date: '2027-01-01', category: 'COMPUTE', amount: { minor: -1, currency: 'EUR' } }))).toEqual(['amount.minor']);
    expect(paths(ZCreateBudgetSchema.safeParse({ projectId: 'p', category: 'DATA', amount: { minor: 1, currency: 'EUR' }, periodStart: '2027-02-01', periodEnd: '2027-01-01' }))).toEqual(['periodEnd']);
    expect(paths(ZCreateRevenueStreamSchema.safeParse({ name: 'API', model: 'SAAS', monthlyAmount: { minor: 1, currency: 'EUR' }, startMonth: '2027-05', endMonth: '2027-01' }))).toEqual(['endMonth']);
  });
  it('validates scenario changes by kind', () => {
    expect(ZScenarioChange.parse({ kind: 'HIRE', count: 2, annualSalary: { minor: 6_000_000, currency: 'EUR' }, fromMonth: '2027-06' })).toMatchObject({ category: 'PEOPLE' });
    expect(paths(ZScenarioChange.safeParse({ kind: 'CUT_COST', category: 'TOOLS', percent: 150, fromMonth: '2027-06' }))).toEqual(['percent']);
    expect(ZScenarioChange.safeParse({ kind: 'FIRE_EVERYONE' }).success).toBe(false);
  });
});

describe('risk schemas', () => {
  it('keeps ratings 1..5 and residual not above inherent', () => {
    const base = { title: 'Biased hiring model', category: 'FAIRNESS_ETHICS', likelihood: 4, impact: 5 };
    expect(ZCreateRiskSchema.parse(base)).toMatchObject({ response: null, residualLikelihood: null });
    expect(paths(ZCreateRiskSchema.safeParse({ ...base, likelihood: 6 }))).toEqual(['likelihood']);
    expect(paths(ZCreateRiskSchema.safeParse({ ...base, impact: 2.5 }))).toEqual(['impact']);
    expect(paths(ZCreateRiskSchema.safeParse({ ...base, residualLikelihood: 5 }))).toEqual(['residualLikelihood']);
    expect(paths(ZCreateRiskSchema.safeParse({ ...base, category: 'VIBES' }))).toEqual(['category']);
  });
  it('validates transitions and checklist updates', () => {
    expect(ZRiskTransitionSchema.parse({ to: 'CLOSED' })).toEqual({ to: 'CLOSED', note: '' });
    expect(ZUpdateComplianceItemSchema.safeParse({}).success).toBe(false);
    expect(paths(ZUpdateComplianceItemSchema.safeParse({ evidence: [{ label: '', url: 'x' }] }))).toEqual(['evidence.0.label']);
  });
});
