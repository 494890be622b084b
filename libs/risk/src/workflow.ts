// Risk status workflow: identified → assessed → mitigating → monitoring → closed, with the legal
// side steps (reassess, re-escalate, close as duplicate, reopen) and guards on what each step needs.
import type { RiskLevel, RiskResponse, RiskStatus } from '@meridian/domain';
import { fromDay, toDay } from './dates';
import { IllegalTransitionError, RiskError } from './errors';
import { riskLevel, riskScore } from './scoring';

export const RISK_TRANSITIONS: Readonly<Record<RiskStatus, readonly RiskStatus[]>> = {
  IDENTIFIED: ['ASSESSED', 'CLOSED'],
  ASSESSED: ['MITIGATING', 'MONITORING', 'CLOSED'],
  MITIGATING: ['MONITORING', 'ASSESSED', 'CLOSED'],
  MONITORING: ['MITIGATING', 'ASSESSED', 'CLOSED'],
  CLOSED: ['IDENTIFIED'],
};

/** Days between reviews by level: the worse the risk, the more often someone looks at it. */
export const REVIEW_CADENCE_DAYS: Readonly<Record<RiskLevel, number>> = { CRITICAL: 7, HIGH: 30, MEDIUM: 90, LOW: 180 };

export function nextReviewDate(level: RiskLevel, from: string): string {
  return fromDay(toDay(from, 'from') + REVIEW_CADENCE_DAYS[level]);
}

export function canTransition(from: RiskStatus, to: RiskStatus): boolean {
  return RISK_TRANSITIONS[from]?.includes(to) ?? false;
}

export interface WorkflowRisk {
  id: string;
  status: RiskStatus;
  likelihood: number | null;
  impact: number | null;
  response: RiskResponse | null;
  ownerId: string | null;
  reviewDate: string | null;
}

export interface RiskHistoryEntry {
  riskId: string;
  from: RiskStatus;
  to: RiskStatus;
  actorId: string;
  at: string;
  note: string;
}

export interface TransitionContext {
  actorId: string;
  /** ISO date-time of the change. */
  at: string;
  note?: string;
}

/**
 * Moves a risk to `to`, returning the updated risk and the history entry to store (nothing is
 * mutated). Illegal moves throw IllegalTransitionError; a legal move whose preconditions are missing
 * throws RiskError TRANSITION_GUARD naming what to fill in:
 * - ASSESSED needs likelihood and impact;
 * - MITIGATING needs an owner and a response of AVOID, MITIGATE or TRANSFER;
 * - MONITORING needs an owner and a response;
 * - CLOSED and reopening (CLOSED → IDENTIFIED) need a note saying why.
 * Entering an open status without a review date sets one from REVIEW_CADENCE_DAYS; closing clears it.
 */
export function transitionRisk<R extends WorkflowRisk>(risk: R, to: RiskStatus, ctx: TransitionContext): { risk: R; history: RiskHistoryEntry } {
  const from = risk.status;
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to, RISK_TRANSITIONS[from] ?? []);
  const note = (ctx.note ?? '').trim();
  const missing: { path: string; message: string }[] = [];
  if (to === 'ASSESSED') {
    if (risk.likelihood == null) missing.push({ path: 'likelihood', message: 'rate the likelihood (1-5) before assessing' });
    if (risk.impact == null) missing.push({ path: 'impact', message: 'rate the impact (1-5) before assessing' });
  }
  if (to === 'MITIGATING' || to === 'MONITORING') {
    if (!risk.ownerId) missing.push({ path: 'ownerId', message: `assign an owner before ${to.toLowerCase()}` });
    if (to === 'MITIGATING' && !(risk.response === 'AVOID' || risk.response === 'MITIGATE' || risk.response === 'TRANSFER')) {
      missing.push({ path: 'response', message: 'choose AVOID, MITIGATE or TRANSFER before mitigating (an ACCEPTed risk goes to MONITORING)' });
    }
    if (to === 'MONITORING' && !risk.response) missing.push({ path: 'response', message: 'choose a response before monitoring' });
  }
  if ((to === 'CLOSED' || from === 'CLOSED') && !note) missing.push({ path: 'note', message: to === 'CLOSED' ? 'say why the risk is closed' : 'say why the risk is reopened' });
  if (missing.length) {
    throw new RiskError('TRANSITION_GUARD', `Cannot move risk ${risk.id} from ${from} to ${to}: ${missing.map((m) => m.message).join('; ')}`, missing);
  }
  const day = fromDay(toDay(ctx.at, 'at'));
  let reviewDate = risk.reviewDate;
  if (to === 'CLOSED') reviewDate = null;
  else if (!reviewDate && risk.likelihood != null && risk.impact != null) reviewDate = nextReviewDate(riskLevel(riskScore(risk.likelihood, risk.impact)), day);
  return {
    risk: { ...risk, status: to, reviewDate },
    history: { riskId: risk.id, from, to, actorId: ctx.actorId, at: ctx.at, note },
  };
}
