// Words for the retraining page (shared by its server page and client forms).
import type { RetrainCatchUp, RetrainEventStatus, RetrainEventView } from '@meridian/domain';

export const CATCH_UP_LABELS: Record<RetrainCatchUp, { title: string; help: string }> = {
  SKIP: { title: 'Skip missed runs', help: 'Slots missed while nothing ran are recorded as skipped; the schedule carries on from its next slot.' },
  RUN_ONCE: { title: 'Run once for missed runs', help: 'One retraining for the most recent missed slot; older ones are recorded as skipped.' },
  RUN_ALL: { title: 'Run every missed run (up to 5)', help: 'One retraining per missed slot, the 5 most recent at most, each within the project concurrency limit.' },
};

export const STATUS_BADGE: Record<RetrainEventStatus, string> = {
  STARTED: 'badge badge-success',
  SKIPPED: 'badge badge-warning',
  DUPLICATE: 'badge',
  FAILED: 'badge badge-danger',
};

/** What caused a launch, in a few words. */
export function causeText(e: Pick<RetrainEventView, 'cause' | 'scheduleName'>): string {
  const c = e.cause;
  switch (c.kind) {
    case 'SCHEDULE':
      return `Schedule${e.scheduleName ? ` “${e.scheduleName}”` : ''}`;
    case 'MANUAL':
      return `Run now${e.scheduleName ? ` (“${e.scheduleName}”)` : ''}`;
    case 'DATASET_VERSION':
      return 'Trigger: new dataset version';
    case 'METRIC_THRESHOLD':
      return `Trigger: ${c.metric} ${c.value} crossed ${c.threshold}`;
    case 'DRIFT':
      return `Trigger: drift ${c.score.toFixed(3)} over ${c.threshold}`;
    case 'SATISFACTION':
      return `Trigger: ${c.signal} ${c.value} crossed ${c.threshold}`;
  }
}

/** A time in the schedule's own time zone, e.g. "Mon 24 Nov, 03:00 (Europe/Paris)". */
export function formatInZone(iso: string, timeZone: string): string {
  const d = new Date(iso);
  try {
    return `${d.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone })} (${timeZone})`;
  } catch {
    return `${d.toISOString()} (UTC)`;
  }
}
