import Link from 'next/link';
import type { SatisfactionGroupView } from '@meridian/sdk';
import { load } from '../../lib/server-api';
import { NpsChart } from './NpsChart';

/** Overview card: NPS over the last 12 weeks across the organisation's projects. */
export async function NpsTrendCard({ orgId }: { orgId: string }) {
  let data: { overall: SatisfactionGroupView; weeks: SatisfactionGroupView[] } | null = null;
  try {
    data = await load((api) => api.feedback.overview(orgId));
  } catch {
    data = null;
  }
  return (
    <section className="card" aria-labelledby="nps-card-title" data-testid="nps-card">
      <div className="card-header">
        <h2 id="nps-card-title">User satisfaction</h2>
        <Link href={`/orgs/${orgId}/feedback`}>Feedback</Link>
      </div>
      <div className="card-body">
        {!data ? (
          <p className="muted">Satisfaction figures could not be loaded right now.</p>
        ) : data.overall.nps.nps === null ? (
          <p className="muted">No NPS responses in the last 12 weeks. Create a feedback key on the Feedback page and embed the widget.</p>
        ) : (
          <>
            <div className="stat-value" data-testid="overview-nps">
              NPS {data.overall.nps.nps}
            </div>
            <p className="muted">
              {data.overall.nps.n} responses, 95 % CI {data.overall.nps.ci?.low} to {data.overall.nps.ci?.high}
            </p>
            <NpsChart weeks={data.weeks} title="NPS per week, last 12 weeks" />
          </>
        )}
      </div>
    </section>
  );
}
