// Closing the loop into the risk register (issue 5's Risk model): budget overruns and satisfaction
// drops become risks. Each draft carries a dedupe key and is raised only when the project has no
// open risk with that key, so re-running a check (or a flood of feedback) raises it once.
import { Injectable } from '@nestjs/common';
import type { PrismaClient } from '@meridian/db';
import { insertPlatformRisk, type PlatformRiskDraft } from '@meridian/jobs';
import { Transactions } from '../common/prisma';
import { InjectPrisma } from '../common/tokens';

export interface RaisedRisk {
  id: string;
  projectId: string;
  title: string;
  dedupeKey: string;
}

export type { PlatformRiskDraft };
// The drafts' rules live in libs/jobs (risk-checks), shared with the worker's daily risks.check.
export { riskFromSatisfaction } from '@meridian/jobs';

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
