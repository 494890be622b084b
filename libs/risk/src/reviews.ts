// Overdue review detection for the register and the dashboard's "needs attention" list.
import type { RiskLevel, RiskStatus } from '@meridian/domain';
import { toDay } from './dates';
import { levelRank, riskLevel, riskScore } from './scoring';

export interface ReviewableRisk {
  id: string;
  title?: string;
  status: RiskStatus;
  likelihood: number;
  impact: number;
  reviewDate: string | null;
  ownerId?: string | null;
}

export interface OverdueReview {
  riskId: string;
  title: string | null;
  level: RiskLevel;
  ownerId: string | null;
  /** PAST_REVIEW_DATE: the date has passed; NO_REVIEW_DATE: an assessed open risk has none. */
  reason: 'PAST_REVIEW_DATE' | 'NO_REVIEW_DATE';
  reviewDate: string | null;
  /** Days since the review date (0 for NO_REVIEW_DATE). */
  daysOverdue: number;
}

/**
 * Open risks (not CLOSED) whose review date is before `asOf`, plus assessed open risks with no review
 * date at all (IDENTIFIED ones are not yet expected to have one). Most urgent first: by level, then days overdue.
 */
export function findOverdueReviews(risks: readonly ReviewableRisk[], asOf: string): OverdueReview[] {
  const today = toDay(asOf, 'asOf');
  const out: OverdueReview[] = [];
  risks.forEach((r, k) => {
    if (r.status === 'CLOSED') return;
    const level = riskLevel(riskScore(r.likelihood, r.impact));
    const base = { riskId: r.id, title: r.title ?? null, level, ownerId: r.ownerId ?? null };
    if (r.reviewDate) {
      const d = toDay(r.reviewDate, `risks.${k}.reviewDate`);
      if (d < today) out.push({ ...base, reason: 'PAST_REVIEW_DATE', reviewDate: r.reviewDate, daysOverdue: today - d });
    } else if (r.status !== 'IDENTIFIED') {
      out.push({ ...base, reason: 'NO_REVIEW_DATE', reviewDate: null, daysOverdue: 0 });
    }
  });
  return out.sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.daysOverdue - a.daysOverdue || a.riskId.localeCompare(b.riskId));
}
