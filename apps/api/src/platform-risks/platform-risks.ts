// Closing the loop into the risk register (issue 5's Risk model): budget overruns and satisfaction
// drops become risks. Each draft carries a dedupe key and is raised only when the project has no
// open risk with that key, so re-running a check (or a flood of feedback) raises it once.
import { Injectable } from '@nestjs/common';
import type { PrismaClient } from '@meridian/db';
import { insertPlatformRisk } from '@meridian/jobs';
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
      const id = await this.tx.run((tx) => insertPlatformRisk(tx, organizationId, d));
      const created = id ? { id, projectId: d.projectId, title: d.title, dedupeKey: d.dedupeKey } : null;
      if (created) raised.push(created);
    }
    return raised;
  }
}
