import type { Metadata } from 'next';
import { FINANCE_LABELS, LABELS, roleAtLeast, type ProjectView } from '@meridian/domain';
import { AddFinanceItem } from '../../../../components/finance/AddFinanceItem';
import { BarLineChart } from '../../../../components/finance/charts';
import { CheckRisksButton } from '../../../../components/finance/CheckRisksButton';
import { CsvImport } from '../../../../components/finance/CsvImport';
import { DeleteItemButton } from '../../../../components/finance/DeleteItemButton';
import { fmtMoney, fmtMonth, toMajor } from '../../../../components/finance/format';
import { runwayText } from '../../../../components/finance/RunwayCard';
import { ScenarioForm } from '../../../../components/finance/ScenarioForm';
import { PageHeader, formatDate } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Costs & runway' };

const SEVERITY_BADGE = { INFO: 'badge', WARNING: 'badge badge-warning', CRITICAL: 'badge badge-danger' } as const;

export default async function CostsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  // The same roles as the API: members book costs and budgets, admins funding and revenue.
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const canAdmin = roleAtLeast(membership.role, 'ADMIN');
  const { summary, projects, funding, revenue, costs } = await load(async (api) => {
    const [summary, projectPage, funding, revenue, costs] = await Promise.all([
      api.finance.summary(orgId),
      api.projects.list(orgId, { limit: 100 }),
      api.finance.fundingRounds.list(orgId),
      api.finance.revenueStreams.list(orgId),
      api.finance.costs.list(orgId, { limit: 15 }),
    ]);
    return { summary, projects: projectPage.items as ProjectView[], funding, revenue, costs };
  });
  const projectName = (id: string | null) => (id ? (projects.find((p) => p.id === id)?.name ?? 'Unknown project') : 'Organisation-wide');
  const major = (minor: number) => toMajor(minor, summary.currency);
  const history = summary.history;
  const forecast = summary.forecast.months;
  const nextMonth = forecast[0]?.month ?? summary.asOf.slice(0, 7);
  const runOut = summary.forecast.runway.runOutMonth;

  return (
    <>
      <PageHeader title="Costs & runway" description={`Budgets against actual spend, burn and how long the money lasts. Figures as of ${formatDate(summary.asOf)}, in ${summary.currency}.`} />
      <div className="stack">
        <div className="grid-3">
          <div className="card stat" data-testid="cash-card">
            <div className="stat-label">Cash on hand</div>
            <div className="stat-value">{fmtMoney(summary.cash.cash, { compact: true })}</div>
            <div className="muted">
              {fmtMoney(summary.cash.funding, { compact: true })} raised + {fmtMoney(summary.cash.revenue, { compact: true })} revenue − {fmtMoney(summary.cash.costs, { compact: true })} spent
            </div>
          </div>
          <div className="card stat">
            <div className="stat-label">Monthly net burn</div>
            <div className="stat-value">{fmtMoney(summary.runway.monthlyNetBurn, { compact: true })}</div>
            <div className="muted">
              {fmtMoney(summary.monthlyCost.total, { compact: true })} costs (3-month average) − {fmtMoney(summary.monthlyRevenue, { compact: true })} revenue
            </div>
          </div>
          <div className="card stat" data-testid="runway-stat">
            <div className="stat-label">Runway</div>
            <div className="stat-value">{runwayText(summary.runway)}</div>
            <div className="muted">{summary.runway.runOutMonth ? `At today's net burn, cash runs out in ${fmtMonth(summary.runway.runOutMonth)}` : 'Revenue covers costs at the current rate'}</div>
          </div>
        </div>

        {summary.excluded.count > 0 && (
          <div className="alert alert-warning" role="status">
            {summary.excluded.count} entries in {summary.excluded.currencies.join(', ')} are left out of these figures: the books are kept in {summary.currency} and Meridian has no exchange rates yet. Re-enter them in {summary.currency}.
          </div>
        )}
        {summary.alerts.filter((a) => a.severity !== 'INFO').length > 0 && (
          <div className="alert alert-warning" role="status" data-testid="budget-alerts">
            <strong>Budget alerts</strong>
            <ul>
              {summary.alerts
                .filter((a) => a.severity !== 'INFO')
                .map((a) => (
                  <li key={a.dedupeKey}>
                    <span className={SEVERITY_BADGE[a.severity]}>{a.severity.toLowerCase()}</span> {projectName(a.projectId)}: {a.message}
                  </li>
                ))}
            </ul>
          </div>
        )}

        {canWrite && (
          <section className="card" aria-labelledby="risk-check-title">
            <div className="card-header">
              <h2 id="risk-check-title">Risk check</h2>
            </div>
            <div className="card-body">
              <CheckRisksButton orgId={orgId} />
            </div>
          </section>
        )}

        <div className="grid-2">
          <section className="card" aria-labelledby="burn-title">
            <div className="card-header">
              <h2 id="burn-title">Monthly spend and revenue</h2>
            </div>
            <div className="card-body">
              <BarLineChart
                testId="burn-chart"
                title="Monthly spend (bars) and revenue (line), last 12 months"
                xs={history.map((h) => h.month)}
                xLabel={fmtMonth}
                bars={{ label: `Spend (${summary.currency})`, color: '#f08c00', points: history.map((h) => ({ x: h.month, y: major(h.costs.minor) })) }}
                lines={[{ label: `Revenue (${summary.currency})`, color: '#2b8a3e', points: history.map((h) => ({ x: h.month, y: major(h.revenue.minor) })) }]}
              />
            </div>
          </section>
          <section className="card" aria-labelledby="forecast-title">
            <div className="card-header">
              <div>
                <h2 id="forecast-title">Cash forecast at the current burn</h2>
                <p>
                  Costs at the 3-month average, revenue growing as its streams are set:{' '}
                  {summary.forecast.runway.kind === 'INFINITE' ? 'cash never runs out.' : `${summary.forecast.runway.months} months, cash runs out in ${fmtMonth(summary.forecast.runway.runOutMonth)}.`}
                </p>
              </div>
            </div>
            <div className="card-body">
              <BarLineChart
                testId="forecast-chart"
                title="Projected closing cash per month"
                xs={forecast.map((m) => m.month)}
                xLabel={fmtMonth}
                lines={[{ label: `Closing cash (${summary.currency})`, color: '#3b5bdb', points: forecast.map((m) => ({ x: m.month, y: major(m.closingCash.minor) })) }]}
                markers={runOut ? [{ x: runOut, label: 'cash runs out' }] : []}
              />
            </div>
          </section>
        </div>

        <section className="card" aria-labelledby="budgets-title">
          <div className="card-header">
            <h2 id="budgets-title">Budgets versus actual</h2>
          </div>
          <div className="table-wrap">
            <table data-testid="budget-table">
              <thead>
                <tr>
                  <th>Project</th>
                  <th>Category</th>
                  <th>Period</th>
                  <th>Budget</th>
                  <th>Actual</th>
                  <th>Used</th>
                  <th>Burn / month</th>
                  <th>Forecast at end</th>
                  <th>Alert</th>
                  {canWrite ? <th><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {summary.budgets.length === 0 && (
                  <tr>
                    <td colSpan={canWrite ? 10 : 9} className="muted">
                      No budgets yet. Add one below.
                    </td>
                  </tr>
                )}
                {summary.budgets.map((b) => {
                  const top = [...b.alerts].sort((x, y) => ['INFO', 'WARNING', 'CRITICAL'].indexOf(y.severity) - ['INFO', 'WARNING', 'CRITICAL'].indexOf(x.severity))[0];
                  return (
                    <tr key={b.budgetId}>
                      <td>{projectName(b.projectId)}</td>
                      <td>{FINANCE_LABELS.costCategory[b.category]}</td>
                      <td className="nowrap">
                        {formatDate(b.periodStart)} – {formatDate(b.periodEnd)}
                      </td>
                      <td className="nowrap">{fmtMoney(b.budget)}</td>
                      <td className="nowrap">{fmtMoney(b.actual)}</td>
                      <td>{b.usedPct === null ? '—' : `${b.usedPct} %`}</td>
                      <td className="nowrap">{fmtMoney(b.burn.monthly)}</td>
                      <td className="nowrap">{fmtMoney(b.forecastAtPeriodEnd)}</td>
                      <td>{top ? <span className={SEVERITY_BADGE[top.severity]} title={top.message}>{top.kind === 'FORECAST_OVERRUN' ? `overrun ${b.overrunDate ? formatDate(b.overrunDate) : ''}` : top.kind === 'OVER_BUDGET' ? 'over budget' : `${top.severity.toLowerCase()}`}</span> : <span className="badge badge-success">on track</span>}</td>
                      {canWrite ? (
                        <td>
                          <DeleteItemButton orgId={orgId} item={{ kind: 'budget', id: b.budgetId }} label={`the ${FINANCE_LABELS.costCategory[b.category]} budget of ${projectName(b.projectId)}`} />
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>

        <ScenarioForm orgId={orgId} currency={summary.currency} startMonth={nextMonth} />

        <div className="grid-2">
          <section className="card" aria-labelledby="funding-title">
            <div className="card-header">
              <h2 id="funding-title">Funding rounds</h2>
            </div>
            <ul className="list">
              {funding.length === 0 && <li className="muted">No funding recorded yet.</li>}
              {funding.map((f) => (
                <li key={f.id} className="list-row">
                  <span>
                    <strong>{FINANCE_LABELS.fundingRoundType[f.type]}</strong> · {formatDate(f.date)} <span className="muted">{f.investor}</span>
                  </span>
                  <span className="nowrap">
                    {fmtMoney(f.amount)}
                    {canAdmin ? <DeleteItemButton orgId={orgId} item={{ kind: 'funding', id: f.id }} label={`the ${FINANCE_LABELS.fundingRoundType[f.type]} round of ${formatDate(f.date)}`} /> : null}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="revenue-title">
            <div className="card-header">
              <h2 id="revenue-title">Revenue streams</h2>
            </div>
            <ul className="list">
              {revenue.length === 0 && <li className="muted">No revenue streams yet.</li>}
              {revenue.map((r) => (
                <li key={r.id} className="list-row">
                  <span>
                    <strong>{r.name}</strong> <span className="muted">{LABELS.businessModel[r.model]} · from {fmtMonth(r.startMonth)}{r.monthlyGrowthBps ? ` · +${r.monthlyGrowthBps / 100} %/month` : ''}</span>
                  </span>
                  <span className="nowrap">
                    {fmtMoney(r.monthlyAmount)}/month
                    {canAdmin ? <DeleteItemButton orgId={orgId} item={{ kind: 'revenue', id: r.id }} label={`the revenue stream ${r.name}`} /> : null}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>

        <div className="grid-2">
          <section className="card" aria-labelledby="costs-title">
            <div className="card-header">
              <h2 id="costs-title">Latest cost entries</h2>
            </div>
            <ul className="list">
              {costs.length === 0 && <li className="muted">No costs yet.</li>}
              {costs.map((c) => (
                <li key={c.id} className="list-row">
                  <span>
                    {formatDate(c.date)} · {FINANCE_LABELS.costCategory[c.category]} · {projectName(c.projectId)}{' '}
                    <span className="muted">
                      {c.description} ({FINANCE_LABELS.costSource[c.source]})
                    </span>
                  </span>
                  <span className="nowrap">
                    {fmtMoney(c.amount)}
                    {canWrite ? <DeleteItemButton orgId={orgId} item={{ kind: 'cost', id: c.id }} label={`the cost of ${formatDate(c.date)}: ${c.description || FINANCE_LABELS.costCategory[c.category]}`} /> : null}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          {canWrite ? (
            <div className="stack">
              <section className="card" aria-labelledby="add-title">
                <div className="card-header">
                  <h2 id="add-title">Add costs, budgets, funding and revenue</h2>
                </div>
                <div className="card-body">
                  <AddFinanceItem orgId={orgId} currency={summary.currency} projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
                </div>
              </section>
              <section className="card" aria-labelledby="import-title">
                <div className="card-header">
                  <h2 id="import-title">Import costs</h2>
                </div>
                <div className="card-body">
                  <CsvImport orgId={orgId} projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
                </div>
              </section>
            </div>
          ) : null}
        </div>
      </div>
    </>
  );
}
