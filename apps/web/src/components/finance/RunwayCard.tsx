import Link from 'next/link';
import type { FinanceSummaryView, RunwayView } from '@meridian/sdk';
import { load } from '../../lib/server-api';
import { fmtMoney, fmtMonth } from './format';

export function runwayText(r: RunwayView): string {
  if (r.kind === 'INFINITE') return 'Not burning cash';
  if (r.kind === 'EXHAUSTED') return 'Out of cash';
  return `${r.months.toFixed(1)} months`;
}

/** Overview card: cash on hand, net burn and runway from the costs API. */
export async function RunwayCard({ orgId }: { orgId: string }) {
  let s: FinanceSummaryView | null = null;
  try {
    s = await load((api) => api.finance.summary(orgId));
  } catch {
    s = null;
  }
  return (
    <section className="card" aria-labelledby="runway-card-title" data-testid="runway-card">
      <div className="card-header">
        <h2 id="runway-card-title">Runway</h2>
        <Link href={`/orgs/${orgId}/costs`}>Costs &amp; runway</Link>
      </div>
      <div className="card-body">
        {!s ? (
          <p className="muted">The finance figures could not be loaded right now.</p>
        ) : s.cash.funding.minor === 0 && s.cash.costs.minor === 0 ? (
          <p className="muted">Record a funding round and costs to see how long the money lasts.</p>
        ) : (
          <>
            <div className="stat-value" data-testid="runway-months">
              {runwayText(s.runway)}
            </div>
            <p className="muted">
              {fmtMoney(s.cash.cash, { compact: true })} cash · net burn {fmtMoney(s.runway.monthlyNetBurn, { compact: true })}/month
              {s.runway.runOutMonth ? ` · runs out ${fmtMonth(s.runway.runOutMonth)}` : ''}
            </p>
            {(['CRITICAL', 'WARNING'] as const).map((sev) => {
              const n = s.alerts.filter((a) => a.severity === sev).length;
              return n > 0 ? (
                <p key={sev}>
                  <Link href={`/orgs/${orgId}/costs`} className={sev === 'CRITICAL' ? 'badge badge-danger' : 'badge badge-warning'}>
                    {n} budget {sev === 'CRITICAL' ? 'alert' : 'warning'}
                    {n > 1 ? 's' : ''}
                  </Link>
                </p>
              ) : null;
            })}
          </>
        )}
      </div>
    </section>
  );
}
