import { describe, expect, it } from 'vitest';
import { RISK_STATUSES, type RiskStatus } from '@meridian/domain';
import { IllegalTransitionError, RiskError } from './errors';
import { findOverdueReviews } from './reviews';
import { canTransition, RISK_TRANSITIONS, transitionRisk, type WorkflowRisk } from './workflow';

const base: WorkflowRisk = { id: 'r1', status: 'IDENTIFIED', likelihood: 4, impact: 4, response: null, ownerId: null, reviewDate: null };
const ctx = { actorId: 'u1', at: '2027-01-10T09:00:00Z' };

describe('risk workflow', () => {
  it('walks the happy path, recording history and setting a review date by level', () => {
    const a = transitionRisk(base, 'ASSESSED', ctx);
    // 4 × 4 = 16, HIGH: review every 30 days → 2027-02-09.
    expect(a.risk).toMatchObject({ status: 'ASSESSED', reviewDate: '2027-02-09' });
    expect(a.history).toEqual({ riskId: 'r1', from: 'IDENTIFIED', to: 'ASSESSED', actorId: 'u1', at: ctx.at, note: '' });
    const m = transitionRisk({ ...a.risk, ownerId: 'u2', response: 'MITIGATE' }, 'MITIGATING', ctx);
    const mon = transitionRisk(m.risk, 'MONITORING', ctx);
    const c = transitionRisk(mon.risk, 'CLOSED', { ...ctx, note: 'retrained with reweighing; audit passes' });
    expect(c.risk).toMatchObject({ status: 'CLOSED', reviewDate: null });
    expect(base.status).toBe('IDENTIFIED'); // nothing mutated
  });

  it('lists exactly the legal transitions and refuses the rest with a typed error', () => {
    const legal: string[] = [];
    for (const from of RISK_STATUSES) for (const to of RISK_STATUSES) if (canTransition(from, to)) legal.push(`${from}>${to}`);
    expect(legal).toEqual([
      'IDENTIFIED>ASSESSED', 'IDENTIFIED>CLOSED',
      'ASSESSED>MITIGATING', 'ASSESSED>MONITORING', 'ASSESSED>CLOSED',
      'MITIGATING>ASSESSED', 'MITIGATING>MONITORING', 'MITIGATING>CLOSED',
      'MONITORING>ASSESSED', 'MONITORING>MITIGATING', 'MONITORING>CLOSED',
      'CLOSED>IDENTIFIED',
    ]);
    try {
      transitionRisk(base, 'MONITORING', ctx);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect((e as IllegalTransitionError).code).toBe('ILLEGAL_TRANSITION');
      expect((e as IllegalTransitionError).allowed).toEqual(RISK_TRANSITIONS.IDENTIFIED);
      expect((e as Error).message).toBe('A risk cannot move from IDENTIFIED to MONITORING; from IDENTIFIED it can move to ASSESSED, CLOSED');
    }
    expect(() => transitionRisk({ ...base, status: 'CLOSED' }, 'MITIGATING', ctx)).toThrow(IllegalTransitionError);
    expect(() => transitionRisk(base, 'ARCHIVED' as RiskStatus, ctx)).toThrow(IllegalTransitionError);
  });

  it('guards each step with what it needs', () => {
    const guard = (r: WorkflowRisk, to: RiskStatus, note?: string) => {
      try {
        transitionRisk(r, to, { ...ctx, note });
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(RiskError);
        expect((e as RiskError).code).toBe('TRANSITION_GUARD');
        return (e as RiskError).issues.map((i) => i.path);
      }
    };
    expect(guard({ ...base, likelihood: null }, 'ASSESSED')).toEqual(['likelihood']);
    const assessed = { ...base, status: 'ASSESSED' as const };
    expect(guard(assessed, 'MITIGATING')).toEqual(['ownerId', 'response']);
    expect(guard({ ...assessed, ownerId: 'u', response: 'ACCEPT' }, 'MITIGATING')).toEqual(['response']);
    expect(guard({ ...assessed, ownerId: 'u', response: 'ACCEPT' }, 'MONITORING')).toEqual([]);
    expect(guard(assessed, 'CLOSED')).toEqual(['note']);
    expect(guard(assessed, 'CLOSED', 'duplicate of r7')).toEqual([]);
    expect(guard({ ...base, status: 'CLOSED' }, 'IDENTIFIED')).toEqual(['note']);
  });
});

describe('findOverdueReviews', () => {
  it('flags past review dates and assessed risks without one, most urgent first', () => {
    const out = findOverdueReviews(
      [
        { id: 'low-late', status: 'MONITORING', likelihood: 1, impact: 2, reviewDate: '2026-12-01' },
        { id: 'crit-late', status: 'MITIGATING', likelihood: 5, impact: 5, reviewDate: '2027-01-08', ownerId: 'u1' },
        { id: 'no-date', status: 'ASSESSED', likelihood: 3, impact: 4, reviewDate: null },
        { id: 'fresh', status: 'IDENTIFIED', likelihood: 3, impact: 4, reviewDate: null },
        { id: 'future', status: 'MONITORING', likelihood: 5, impact: 5, reviewDate: '2027-02-01' },
        { id: 'today', status: 'MONITORING', likelihood: 5, impact: 5, reviewDate: '2027-01-10' },
        { id: 'closed', status: 'CLOSED', likelihood: 5, impact: 5, reviewDate: '2020-01-01' },
      ],
      '2027-01-10',
    );
    expect(out.map((o) => [o.riskId, o.reason, o.daysOverdue, o.level])).toEqual([
      ['crit-late', 'PAST_REVIEW_DATE', 2, 'CRITICAL'],
      ['no-date', 'NO_REVIEW_DATE', 0, 'HIGH'],
      ['low-late', 'PAST_REVIEW_DATE', 40, 'LOW'],
    ]);
    expect(() => findOverdueReviews([], '10/01/2027')).toThrow(/not a date/);
  });
});
