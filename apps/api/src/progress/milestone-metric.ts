// The seam between a milestone and the numbers its progress is computed from: what people record by
// hand, plus what the platform measured itself — the test metrics of the project's registered model
// versions and of its finished training runs. Metric names are read the way the promotion gate
// reads them (libs/registry metricValue: any case, aliases such as auc → rocAuc, macro averages).
// Swap or extend this resolver when metrics arrive from elsewhere; the service only calls resolve().
import { Injectable } from '@nestjs/common';
import type { GoalDirection, MetricObservation } from '@meridian/domain';
import { lowerIsBetter, metricValue } from '@meridian/registry';
import { ProgressRepository } from './progress.repository';

export interface ResolvedMetric {
  observations: (MetricObservation & { source: string })[];
  /** Where the latest value came from, e.g. "manual" or "model v3". */
  source: string;
}

interface MilestoneRef {
  id: string;
  projectId: string;
  metric: string;
  direction: GoalDirection;
}

/** A measurement the platform made: a model version's or a finished run's test metrics. */
export interface MeasuredSource {
  projectId: string;
  /** "model v3" or "run <name>". */
  label: string;
  at: Date;
  testMetrics: unknown;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Whether a test value meets a project goal's threshold. Project goals carry no direction, so it
 * comes from the metric's name: at most the threshold for loss/RMSE/MAE-like metrics, else at least.
 */
export function passesGoal(value: number | null, metric: string, threshold: number): boolean {
  if (value === null || !Number.isFinite(value) || !Number.isFinite(threshold)) return false;
  return lowerIsBetter(metric) ? value <= threshold : value >= threshold;
}

/**
 * The best value measured so far, one observation per day something was measured: a model that is
 * worse than an earlier one does not undo progress, since the better model still exists. "Best"
 * follows the milestone's direction.
 */
export function bestSoFar(sources: readonly MeasuredSource[], metric: string, direction: GoalDirection): ResolvedMetric['observations'] {
  const better = (a: number, b: number) => (direction === 'AT_LEAST' ? a > b : a < b);
  const measured = sources
    .map((s) => ({ s, value: metricValue(s.testMetrics, metric) }))
    .filter((x): x is { s: MeasuredSource; value: number } => x.value !== null && Number.isFinite(x.value))
    .sort((a, b) => a.s.at.getTime() - b.s.at.getTime());
  const out: ResolvedMetric['observations'] = [];
  let best: { value: number; source: string } | null = null;
  for (const { s, value } of measured) {
    if (best === null || better(value, best.value)) best = { value, source: s.label };
    const date = day(s.at);
    const last = out[out.length - 1];
    if (last?.date === date) {
      last.value = best.value;
      last.source = best.source;
    } else out.push({ date, value: best.value, source: best.source });
  }
  return out;
}

@Injectable()
export class MilestoneMetricResolver {
  constructor(private readonly repo: ProgressRepository) {}

  /** The value history of each milestone's metric, oldest first, keyed by milestone id. */
  async resolve(milestones: readonly MilestoneRef[]): Promise<Map<string, ResolvedMetric>> {
    const out = new Map<string, ResolvedMetric>();
    if (!milestones.length) return out;
    const [manual, measured] = await Promise.all([
      this.repo.observations(milestones.map((m) => m.id)),
      this.repo.measuredSources([...new Set(milestones.map((m) => m.projectId))]),
    ]);
    for (const m of milestones) {
      const obs: ResolvedMetric['observations'] = manual.filter((o) => o.milestoneId === m.id).map((o) => ({ date: day(o.date), value: o.value, source: o.source }));
      obs.push(...bestSoFar(measured.filter((s) => s.projectId === m.projectId), m.metric, m.direction));
      // Stable sort: on one day a hand-recorded value comes before the platform's measurement.
      obs.sort((a, b) => a.date.localeCompare(b.date));
      out.set(m.id, { observations: obs, source: obs.length ? obs[obs.length - 1].source : 'none yet' });
    }
    return out;
  }
}
