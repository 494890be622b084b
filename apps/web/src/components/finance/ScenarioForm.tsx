'use client';
import { useState, type FormEvent } from 'react';
import { COST_CATEGORIES, FINANCE_LABELS, type CostCategory, type ScenarioChange } from '@meridian/domain';
import type { ScenarioView } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';
import { BarLineChart } from './charts';
import { fmtMoney, fmtMonth, parseMajor, toMajor } from './format';

/** What-if form: hire N, raise X, cut a category by Y %; the API runs libs/finance's scenario. */
export function ScenarioForm({ orgId, currency, startMonth }: { orgId: string; currency: string; startMonth: string }) {
  const [result, setResult] = useState<ScenarioView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const changes: ScenarioChange[] = [];
    const hires = Number(d.get('hires') || 0);
    if (hires > 0) {
      const salary = parseMajor(String(d.get('salary') ?? ''), currency);
      if (salary === null) return setError(`Annual salary: write an amount like 90000 or 90000.50 (${currency})`);
      changes.push({ kind: 'HIRE', count: hires, annualSalary: { minor: salary, currency }, fromMonth: String(d.get('hireFrom') || startMonth), category: 'PEOPLE' });
    }
    const raise = String(d.get('raise') ?? '').trim();
    if (raise) {
      const amount = parseMajor(raise, currency);
      if (amount === null) return setError(`Raise: write an amount like 1500000 (${currency})`);
      changes.push({ kind: 'RAISE', amount: { minor: amount, currency }, month: String(d.get('raiseMonth') || startMonth) });
    }
    const cut = Number(d.get('cut') || 0);
    if (cut > 0) changes.push({ kind: 'CUT_COST', category: String(d.get('cutCategory')) as CostCategory, percent: cut, fromMonth: String(d.get('cutFrom') || startMonth) });
    setBusy(true);
    setError(null);
    try {
      setResult(await browserApi.finance.scenario(orgId, { name: 'What-if', changes, months: 24 }));
    } catch (err) {
      setError(describeError(err, []).form ?? 'The scenario could not be computed');
    } finally {
      setBusy(false);
    }
  }

  const xs = result?.baseline.months.map((m) => m.month) ?? [];
  // The result's own currency decides the scale (JPY has no minor unit, KWD three).
  const major = (minor: number) => toMajor(minor, result?.currency ?? currency);
  return (
    <section className="card" aria-labelledby="scenario-title">
      <div className="card-header">
        <div>
          <h2 id="scenario-title">Scenario</h2>
          <p>What hiring, raising or cutting does to cash and runway. Nothing is saved.</p>
        </div>
      </div>
      <form className="card-body form" onSubmit={submit} aria-label="Scenario">
        <div className="grid-3">
          <label className="field">
            <span className="label">Hire (people)</span>
            <input name="hires" type="number" min={0} max={100} defaultValue={1} />
          </label>
          <label className="field">
            <span className="label">Annual salary each ({currency})</span>
            <input name="salary" inputMode="decimal" defaultValue="120000" />
          </label>
          <label className="field">
            <span className="label">Hire from</span>
            <input name="hireFrom" type="month" defaultValue={startMonth} />
          </label>
          <label className="field">
            <span className="label">Raise ({currency})</span>
            <input name="raise" inputMode="decimal" placeholder="e.g. 1500000" />
          </label>
          <label className="field">
            <span className="label">Raise in</span>
            <input name="raiseMonth" type="month" defaultValue={startMonth} />
          </label>
          <div />
          <label className="field">
            <span className="label">Cut category</span>
            <select name="cutCategory" defaultValue="MARKETING">
              {COST_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {FINANCE_LABELS.costCategory[c]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="label">Cut by (%)</span>
            <input name="cut" type="number" min={0} max={100} defaultValue={0} />
          </label>
          <label className="field">
            <span className="label">Cut from</span>
            <input name="cutFrom" type="month" defaultValue={startMonth} />
          </label>
        </div>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? 'Computing…' : 'Run scenario'}
          </button>
        </div>
      </form>
      {result && (
        <div className="card-body" data-testid="scenario-result">
          <p>
            Baseline runway <strong>{result.baseline.runway.months === null ? 'unlimited' : `${result.baseline.runway.months} months`}</strong> → scenario{' '}
            <strong>{result.scenario.runway.months === null ? 'unlimited' : `${result.scenario.runway.months} months`}</strong>
            {result.runwayChangeMonths !== null && ` (${result.runwayChangeMonths >= 0 ? '+' : ''}${result.runwayChangeMonths})`}. Lowest cash in the scenario:{' '}
            {fmtMoney(result.scenario.lowestCash.amount)} in {fmtMonth(result.scenario.lowestCash.month)}.
          </p>
          <BarLineChart
            title="Projected cash: baseline and scenario"
            xs={xs}
            xLabel={fmtMonth}
            lines={[
              { label: 'Baseline cash', color: '#8a94a6', dashed: true, points: result.baseline.months.map((m) => ({ x: m.month, y: major(m.closingCash.minor) })) },
              { label: 'Scenario cash', color: '#3b5bdb', points: result.scenario.months.map((m) => ({ x: m.month, y: major(m.closingCash.minor) })) },
            ]}
          />
        </div>
      )}
    </section>
  );
}
