// Trends of NPS and CSAT by ISO week and by model version, and the "closing the loop" risk signals.
import { csatSummary, npsSummary, type CsatSummary, type NpsSummary } from './scores';
import { sentiment } from './text';

export interface FeedbackPoint {
  /** ISO timestamp or date. */
  createdAt: string;
  nps?: number | null;
  csat?: number | null;
  thumbs?: boolean | null;
  comment?: string | null;
  modelVersionId?: string | null;
}

/** ISO 8601 week key of a date, e.g. 2027-W01 (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: string | Date): string {
  const d = typeof date === 'string' ? new Date(date.length === 10 ? `${date}T00:00:00Z` : date) : date;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${String(date)}`);
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface GroupSummary {
  key: string;
  responses: number;
  nps: NpsSummary;
  csat: CsatSummary;
  thumbsUp: number;
  thumbsDown: number;
  /** Share of responses that are negative (see isNegative), 0..1. */
  negativeShare: number;
}

/** Negative: NPS 0–6, CSAT 1–2, a thumbs-down, or (no score at all and) a negative comment. */
export function isNegative(f: FeedbackPoint): boolean {
  if (f.nps != null && f.nps <= 6) return true;
  if (f.csat != null && f.csat <= 2) return true;
  if (f.thumbs === false) return true;
  if (f.nps == null && f.csat == null && f.thumbs == null && f.comment) return sentiment(f.comment).label === 'NEGATIVE';
  return false;
}

export function summarize(key: string, items: readonly FeedbackPoint[]): GroupSummary {
  const nps = npsSummary(items.flatMap((f) => (f.nps == null ? [] : [f.nps])));
  const csat = csatSummary(items.flatMap((f) => (f.csat == null ? [] : [f.csat])));
  const negatives = items.filter(isNegative).length;
  return {
    key,
    responses: items.length,
    nps,
    csat,
    thumbsUp: items.filter((f) => f.thumbs === true).length,
    thumbsDown: items.filter((f) => f.thumbs === false).length,
    negativeShare: items.length === 0 ? 0 : Math.round((negatives / items.length) * 1000) / 1000,
  };
}

function groupBy(items: readonly FeedbackPoint[], key: (f: FeedbackPoint) => string): GroupSummary[] {
  const groups = new Map<string, FeedbackPoint[]>();
  for (const f of items) {
    const k = key(f);
    const g = groups.get(k);
    if (g) g.push(f);
    else groups.set(k, [f]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => summarize(k, g));
}

/** One summary per ISO week that has feedback, oldest first. */
export function trendByWeek(items: readonly FeedbackPoint[]): GroupSummary[] {
  return groupBy(items, (f) => isoWeek(f.createdAt));
}

/** One summary per model version ("unversioned" for feedback not tied to one), by key. */
export function byModelVersion(items: readonly FeedbackPoint[]): GroupSummary[] {
  return groupBy(items, (f) => f.modelVersionId ?? 'unversioned');
}

export interface RiskSignal {
  kind: 'NPS_DROP' | 'NEGATIVE_SHARE';
  severity: 'MEDIUM' | 'HIGH';
  message: string;
  /** Stable key so the platform raises the same risk once. */
  dedupeKey: string;
  value: number;
  threshold: number;
}

export interface RiskOptions {
  /** Key of the scope (e.g. a project id) used in the dedupe keys. */
  scope: string;
  /** An NPS drop of at least this many points between the previous and the latest window. Default 15. */
  npsDropPoints?: number;
  /** A share of negative feedback above this (0..1) in the latest window. Default 0.4. */
  negativeShare?: number;
  /** Windows with fewer responses than this are not judged (noise). Default 20. */
  minResponses?: number;
  /** Window length in days; the latest window ends at `asOf`. Default 14. */
  windowDays?: number;
  asOf: string;
}

/**
 * Compares the latest `windowDays` with the window before it. An NPS drop of npsDropPoints or more
 * (twice that is HIGH), or a negative share above the threshold (1.5× it is HIGH), gives a signal.
 */
export function detectSatisfactionRisks(items: readonly FeedbackPoint[], options: RiskOptions): RiskSignal[] {
  const dropPoints = options.npsDropPoints ?? 15;
  const shareThreshold = options.negativeShare ?? 0.4;
  const minResponses = options.minResponses ?? 20;
  const windowMs = (options.windowDays ?? 14) * 86_400_000;
  const end = new Date(options.asOf.length === 10 ? `${options.asOf}T23:59:59.999Z` : options.asOf).getTime();
  if (Number.isNaN(end)) throw new RangeError(`asOf is not a date: ${options.asOf}`);
  const at = (f: FeedbackPoint) => new Date(f.createdAt).getTime();
  const latest = items.filter((f) => at(f) <= end && at(f) > end - windowMs);
  const previous = items.filter((f) => at(f) <= end - windowMs && at(f) > end - 2 * windowMs);
  const out: RiskSignal[] = [];
  const cur = summarize('latest', latest);
  const prev = summarize('previous', previous);
  if (cur.nps.n >= minResponses && prev.nps.n >= minResponses && cur.nps.nps !== null && prev.nps.nps !== null) {
    const drop = Math.round((prev.nps.nps - cur.nps.nps) * 10) / 10;
    if (drop >= dropPoints) {
      out.push({
        kind: 'NPS_DROP',
        severity: drop >= 2 * dropPoints ? 'HIGH' : 'MEDIUM',
        message: `NPS fell ${drop} points (from ${prev.nps.nps} to ${cur.nps.nps}) over the last ${options.windowDays ?? 14} days`,
        dedupeKey: `satisfaction:${options.scope}:nps-drop`,
        value: drop,
        threshold: dropPoints,
      });
    }
  }
  if (cur.responses >= minResponses && cur.negativeShare > shareThreshold) {
    out.push({
      kind: 'NEGATIVE_SHARE',
      severity: cur.negativeShare >= 1.5 * shareThreshold ? 'HIGH' : 'MEDIUM',
      message: `${Math.round(cur.negativeShare * 100)} % of the last ${cur.responses} responses are negative (threshold ${Math.round(shareThreshold * 100)} %)`,
      dedupeKey: `satisfaction:${options.scope}:negative-share`,
      value: cur.negativeShare,
      threshold: shareThreshold,
    });
  }
  return out;
}
