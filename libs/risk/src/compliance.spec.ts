import { describe, expect, it } from 'vitest';
import { AI_ACT_OBLIGATIONS, aiActBlocksDeployment, aiActChecklist } from './ai-act';
import { checklistSummary, complianceChecklistTemplate, updateChecklistItem } from './compliance';

describe('EU AI Act tiers', () => {
  it('lists the high-risk obligations with their Articles', () => {
    const articles = AI_ACT_OBLIGATIONS.HIGH.map((o) => o.article);
    for (const a of ['Art. 9', 'Art. 10', 'Art. 11, Annex IV', 'Art. 12', 'Art. 13', 'Art. 14', 'Art. 15', 'Art. 17', 'Art. 43', 'Art. 49, Art. 71', 'Art. 72', 'Art. 73']) {
      expect(articles).toContain(a);
    }
    expect(AI_ACT_OBLIGATIONS.LIMITED.filter((o) => o.article.startsWith('Art. 50')).length).toBe(5);
    expect(AI_ACT_OBLIGATIONS.UNACCEPTABLE[0].article).toBe('Art. 5');
    expect(AI_ACT_OBLIGATIONS.MINIMAL.map((o) => o.article)).toEqual(['Art. 4', 'Art. 95']);
    expect(aiActBlocksDeployment('UNACCEPTABLE')).toBe(true);
    expect(aiActBlocksDeployment('HIGH')).toBe(false);
    expect(() => aiActChecklist('EXTREME' as never)).toThrow(/unknown EU AI Act tier/);
  });

  it('turns a tier into unique, fresh checklist items', () => {
    const items = aiActChecklist('HIGH');
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items[0]).toMatchObject({ id: 'ai-act.risk-management', framework: 'EU_AI_ACT', reference: 'AI Act Art. 9', status: 'NOT_STARTED', ownerId: null, evidence: [] });
  });
});

describe('compliance checklist', () => {
  it('builds a template per framework, with AI Act items for the tier', () => {
    const all = complianceChecklistTemplate({ aiActTier: 'LIMITED' });
    const fw = new Set(all.map((i) => i.framework));
    expect([...fw].sort()).toEqual(['CCPA', 'DATA_SHARING', 'EU_AI_ACT', 'EXPORT_CONTROL', 'GDPR', 'IP_LICENSING']);
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    expect(all.find((i) => i.id === 'gdpr.dpia')).toMatchObject({ reference: 'GDPR Art. 35' });
    expect(all.find((i) => i.id === 'ccpa.delete')).toMatchObject({ reference: 'Cal. Civ. Code §1798.105' });
    const gdprOnly = complianceChecklistTemplate({ frameworks: ['GDPR'], aiActTier: 'HIGH' });
    expect(gdprOnly.every((i) => i.framework === 'GDPR')).toBe(true);
    expect(() => complianceChecklistTemplate({ frameworks: ['HIPAA' as never] })).toThrow(/unknown framework "HIPAA"/);
  });

  it('requires an owner and evidence to mark an item DONE, and a note for N/A', () => {
    const item = complianceChecklistTemplate({ frameworks: ['GDPR'] })[0];
    expect(() => updateChecklistItem(item, { status: 'DONE' })).toThrow(/needs an owner.*needs at least one evidence link/);
    const done = updateChecklistItem(item, { status: 'DONE', ownerId: 'u1', evidence: [{ label: 'Legal basis memo', url: 'https://drive.example/memo.pdf' }] });
    expect(done).toMatchObject({ status: 'DONE', ownerId: 'u1' });
    expect(() => updateChecklistItem(item, { status: 'NOT_APPLICABLE' })).toThrow(/say why/);
    expect(item.status).toBe('NOT_STARTED');
  });

  it('summarises progress, overdue and unowned items', () => {
    const items = complianceChecklistTemplate({ frameworks: ['EXPORT_CONTROL'] });
    items[0] = { ...items[0], status: 'DONE', ownerId: 'u', evidence: [{ label: 'ECCN memo', url: '/files/1' }] };
    items[1] = { ...items[1], status: 'NOT_APPLICABLE', notes: 'no US-origin technology' };
    items[2] = { ...items[2], dueDate: '2027-01-01' };
    // 3 items, 1 N/A → 2 applicable, 1 done = 50 %.
    expect(checklistSummary(items, '2027-02-01')).toMatchObject({
      total: 3, applicable: 2, percentDone: 50, overdueIds: ['export.sanctions'], unownedIds: ['export.sanctions'],
      byFramework: { EXPORT_CONTROL: { applicable: 2, done: 1 } },
    });
    expect(checklistSummary([]).percentDone).toBe(100);
  });
});
