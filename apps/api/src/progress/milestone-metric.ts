// The seam between a milestone and the numbers its progress is computed from. Today the history is
// what people record by hand plus, when the project has registered model versions whose test
// metrics carry the milestone's metric, one observation per version. Swap or extend this resolver
// when metrics arrive from elsewhere (monitoring, evaluations); the service only calls resolve().
import { Injectable } from '@nestjs/common';
import type { MetricObservation } from '@meridian/domain';
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
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A model version's test metric, when its testMetrics object has a finite number under that key. */
export function metricFromTestMetrics(testMetrics: unknown, metric: string): number | null {
  if (!testMetrics || typeof testMetrics !== 'object' || Array.isArray(testMetrics)) return null;
  const v = (testMetrics as Record<string, unknown>)[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

@Injectable()
export class MilestoneMetricResolver {
  constructor(private readonly repo: ProgressRepository) {}

  /** The value history of each milestone's metric, oldest first, keyed by milestone id. */
  async resolve(milestones: readonly MilestoneRef[]): Promise<Map<string, ResolvedMetric>> {
    const out = new Map<string, ResolvedMetric>();
    if (!milestones.length) return out;
    const [manual, versions] = await Promise.all([
      this.repo.observations(milestones.map((m) => m.id)),
      this.repo.modelVersions([...new Set(milestones.map((m) => m.projectId))]),
    ]);
    for (const m of milestones) {
      const obs: ResolvedMetric['observations'] = manual.filter((o) => o.milestoneId === m.id).map((o) => ({ date: day(o.date), value: o.value, source: o.source }));
      for (const v of versions) {
        if (v.projectId !== m.projectId) continue;
        const value = metricFromTestMetrics(v.testMetrics, m.metric);
        if (value !== null) obs.push({ date: day(v.createdAt), value, source: `model v${v.version}` });
      }
      obs.sort((a, b) => a.date.localeCompare(b.date));
      out.set(m.id, { observations: obs, source: obs.length ? obs[obs.length - 1].source : 'none yet' });
    }
    return out;
  }
}
