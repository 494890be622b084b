// Closing the loop into the risk register (issue 5's Risk model): budget overruns and satisfaction
// drops become risks. Each draft carries a dedupe key and is raised only when the project has no
// open risk with that key, so re-running a check (or a flood of feedback) raises it once.
import { Injectable } from '@nestjs/common';
import { newId, type PrismaClient } from '@meridian/db';
import type { RiskCategory } from '@meridian/domain';
import type { RiskDraft } from '@meridian/risk';
import type { RiskSignal } from '@meridian/satisfaction';
import { Transactions } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export interface RaisedRisk {
  id: string;
  projectId: string;
  title: string;
  dedupeKey: string;
}

export type PlatformRiskDraft = Pick<RiskDraft, 'projectId' | 'modelVersionId' | 'title' | 'description' | 'likelihood' | 'impact' | 'source' | 'evidence' | 'dedupeKey' | 'rationale'> & { category: RiskCategory };

/** A satisfaction signal (libs/satisfaction) as a MARKET risk: users turning away is a market risk. */
export function riskFromSatisfaction(projectId: string, s: RiskSignal, url: string | null): PlatformRiskDraft {
  const high = s.severity === 'HIGH';
  return {
    projectId,
    modelVersionId: null,
    title: s.kind === 'NPS_DROP' ? 'User satisfaction (NPS) dropped' : 'Share of negative user feedback is high',
    description: s.message,
    category: 'MARKET',
    likelihood: high ? 5 : 4,
    impact: high ? 4 : 3,
    source: 'METRIC_DROP',
    evidence: { kind: 'METRIC_DROP', id: s.dedupeKey, url, label: 'User feedback' },
    dedupeKey: s.dedupeKey,
    rationale: `${s.kind} ${s.value} against the threshold ${s.threshold} (${s.severity})`,
  };
}

@Injectable()
export class PlatformRisks {
  constructor(
    @InjectPrisma() private readonly prisma: PrismaClient,
    private readonly tx: Transactions,
  ) {}

  async raise(organizationId: string, drafts: readonly PlatformRiskDraft[]): Promise<RaisedRisk[]> {
    const raised: RaisedRisk[] = [];
    for (const d of drafts) {
      const created = await this.tx.run(async (tx) => {
        const open = await tx.risk.findFirst({ where: { organizationId, projectId: d.projectId, dedupeKey: d.dedupeKey, status: { not: 'CLOSED' } }, select: { id: true } });
        if (open) return null;
        const id = newId();
        await tx.risk.create({
          data: {
            id,
            organizationId,
            projectId: d.projectId,
            title: d.title.slice(0, 200),
            description: `${d.description}\n\nRaised by the platform: ${d.rationale}`,
            category: d.category,
            likelihood: d.likelihood,
            impact: d.impact,
            source: d.source,
            dedupeKey: d.dedupeKey,
            evidence: { ...d.evidence },
            modelVersionId: d.modelVersionId,
          },
        });
        await tx.riskHistory.create({ data: { id: newId(), organizationId, riskId: id, fromStatus: null, toStatus: 'IDENTIFIED', note: 'Raised by the platform' } });
        return { id, projectId: d.projectId, title: d.title, dedupeKey: d.dedupeKey };
      });
      if (created) raised.push(created);
    }
    return raised;
  }
}
