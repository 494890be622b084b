'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { BUSINESS_MODELS, COST_CATEGORIES, FINANCE_LABELS, FUNDING_ROUND_TYPES, LABELS, type BusinessModel, type CostCategory, type FundingRoundType } from '@meridian/domain';
import { isApiError } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';
import { parseMajor } from './format';

type Kind = 'cost' | 'budget' | 'funding' | 'revenue';

/** One small form for the four money records; amounts are typed in major units and sent as minor units. */
export function AddFinanceItem({ orgId, currency, projects }: { orgId: string; currency: string; projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>('cost');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const today = new Date().toISOString().slice(0, 10);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const get = (k: string) => String(d.get(k) ?? '').trim();
    const cur = get('currency').toUpperCase() || currency;
    const minor = parseMajor(get('amount'), cur);
    if (minor === null) return setMessage({ ok: false, text: `Amount: write a positive number like 1234.56 (no more decimals than ${cur} has).` });
    const amount = { minor, currency: cur };
    try {
      if (kind === 'cost') await browserApi.finance.costs.create(orgId, { projectId: get('projectId') || null, date: get('date'), category: get('category') as CostCategory, amount, description: get('description') });
      if (kind === 'budget') await browserApi.finance.budgets.create(orgId, { projectId: get('projectId'), category: get('category') as CostCategory, amount, periodStart: get('periodStart'), periodEnd: get('periodEnd') });
      if (kind === 'funding') await browserApi.finance.fundingRounds.create(orgId, { type: get('type') as FundingRoundType, amount, date: get('date'), investor: get('description') });
      if (kind === 'revenue') await browserApi.finance.revenueStreams.create(orgId, { name: get('description') || 'Revenue', model: get('model') as BusinessModel, monthlyAmount: amount, startMonth: get('startMonth'), monthlyGrowthBps: Math.round(Number(get('growth') || 0) * 100) });
      setMessage({ ok: true, text: 'Saved.' });
      form.reset();
      router.refresh();
    } catch (err) {
      setMessage({ ok: false, text: isApiError(err) ? err.message : 'Could not save; nothing was changed.' });
    }
  }

  const projectSelect = (required: boolean) => (
    <label className="field">
      <span className="label">Project{required ? '' : ' (optional)'}</span>
      <select name="projectId" defaultValue={required ? projects[0]?.id : ''} required={required}>
        {!required && <option value="">Organisation-wide</option>}
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
  const categorySelect = (
    <label className="field">
      <span className="label">Category</span>
      <select name="category" defaultValue="COMPUTE">
        {COST_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {FINANCE_LABELS.costCategory[c]}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <form className="form" onSubmit={submit} aria-label="Add a money record">
      <label className="field">
        <span className="label">Add</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="cost">Cost entry</option>
          <option value="budget">Budget</option>
          <option value="funding">Funding round</option>
          <option value="revenue">Revenue stream</option>
        </select>
      </label>
      <div className="grid-3">
        {(kind === 'cost' || kind === 'budget') && projectSelect(kind === 'budget')}
        {(kind === 'cost' || kind === 'budget') && categorySelect}
        {kind === 'funding' && (
          <label className="field">
            <span className="label">Round</span>
            <select name="type" defaultValue="SEED">
              {FUNDING_ROUND_TYPES.map((t) => (
                <option key={t} value={t}>
                  {FINANCE_LABELS.fundingRoundType[t]}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'revenue' && (
          <label className="field">
            <span className="label">Business model</span>
            <select name="model" defaultValue="SAAS">
              {BUSINESS_MODELS.map((m) => (
                <option key={m} value={m}>
                  {LABELS.businessModel[m]}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="label">{kind === 'revenue' ? 'Monthly amount' : 'Amount'}</span>
          <input name="amount" inputMode="decimal" required placeholder="1234.56" />
        </label>
        <label className="field">
          <span className="label">Currency</span>
          <input name="currency" defaultValue={currency} maxLength={3} style={{ textTransform: 'uppercase' }} />
        </label>
        {(kind === 'cost' || kind === 'funding') && (
          <label className="field">
            <span className="label">Date</span>
            <input name="date" type="date" defaultValue={today} required />
          </label>
        )}
        {kind === 'budget' && (
          <>
            <label className="field">
              <span className="label">Period start</span>
              <input name="periodStart" type="date" required />
            </label>
            <label className="field">
              <span className="label">Period end</span>
              <input name="periodEnd" type="date" required />
            </label>
          </>
        )}
        {kind === 'revenue' && (
          <>
            <label className="field">
              <span className="label">From month</span>
              <input name="startMonth" type="month" defaultValue={today.slice(0, 7)} required />
            </label>
            <label className="field">
              <span className="label">Growth per month (%)</span>
              <input name="growth" type="number" step="0.01" defaultValue={0} />
            </label>
          </>
        )}
        {kind !== 'budget' && (
          <label className="field">
            <span className="label">{kind === 'funding' ? 'Investor' : kind === 'revenue' ? 'Name' : 'Description'}</span>
            <input name="description" maxLength={200} required={kind === 'revenue'} />
          </label>
        )}
      </div>
      {message && (
        <p className={message.ok ? 'alert alert-success' : 'alert alert-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div>
        <button className="btn btn-primary" type="submit">
          Save
        </button>
      </div>
    </form>
  );
}
