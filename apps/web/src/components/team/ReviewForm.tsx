'use client';
// Records (or replaces) one person's review for a period: the three built-in KPIs and one custom
// KPI, each 1 to 5, and notes. The API checks everything; its errors are mapped back to the input
// they are about (`scores.2.score` → the third score sent), so a 6 shows next to that score.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { BUILTIN_KPIS, KPI_LABELS } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError, withoutField, type FieldErrors } from '../../lib/forms';

export function ReviewForm(props: { orgId: string; periods: { id: string; name: string }[]; members: { id: string; name: string }[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    // Which input each score came from, by its position in the request.
    const sent: { field: string; kpi: string; score: number }[] = [];
    for (const kpi of BUILTIN_KPIS) {
      const v = String(data.get(`score-${kpi}`) ?? '').trim();
      if (v !== '') sent.push({ field: `score-${kpi}`, kpi, score: Number(v) });
    }
    const customKpi = String(data.get('customKpi') ?? '').trim();
    const customScore = String(data.get('customScore') ?? '').trim();
    if (customKpi !== '' || customScore !== '') {
      if (customKpi === '' || customScore === '') {
        setErrors({ [customKpi === '' ? 'customKpi' : 'customScore']: 'Give both the custom KPI and its score, or neither.' });
        return;
      }
      sent.push({ field: 'customScore', kpi: customKpi, score: Number(customScore) });
    }
    setBusy(true);
    setFormError(null);
    setSaved(null);
    try {
      const period = await browserApi.team.upsertReview(props.orgId, String(data.get('periodId') ?? ''), {
        memberId: String(data.get('memberId') ?? ''),
        scores: sent.map((s) => ({ kpi: s.kpi, score: s.score })),
        notes: String(data.get('notes') ?? ''),
      });
      setErrors({});
      const review = period.reviews.find((r) => r.memberId === String(data.get('memberId')));
      setSaved(`Saved: ${review?.memberName ?? 'the review'} averages ${review?.average ?? '—'} in ${period.name}.`);
      form.reset();
      router.refresh();
    } catch (err) {
      const indexed = sent.map((_, i) => `scores.${i}`);
      const p = describeError(err, [...indexed, 'scores', 'memberId', 'notes']);
      const fields: FieldErrors = {};
      for (const [key, message] of Object.entries(p.fields)) {
        const i = indexed.indexOf(key);
        if (i < 0) fields[key] = message;
        // A bad custom key (upper case, spaces) is about the KPI name, not its score.
        else fields[sent[i].field === 'customScore' && /snake case/.test(message) ? 'customKpi' : sent[i].field] = message;
      }
      setErrors(fields);
      setFormError(p.form);
    } finally {
      setBusy(false);
    }
  }

  const err = (name: string) => (errors[name] ? <span className="field-error">{errors[name]}</span> : null);
  return (
    <form className="form" onSubmit={submit} onInput={(e) => setErrors((x) => withoutField(x, (e.target as HTMLInputElement).name))} aria-label="Record a review" noValidate>
      {formError ? (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      ) : null}
      {saved ? (
        <div className="alert alert-success" role="status">
          {saved}
        </div>
      ) : null}
      <div className="form-row">
        <label className="field">
          <span className="label">Period</span>
          <select name="periodId" required>
            {props.periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Person</span>
          <select name="memberId" required aria-invalid={errors.memberId ? true : undefined}>
            {props.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          {err('memberId')}
        </label>
      </div>
      <div className="form-row">
        {BUILTIN_KPIS.map((kpi) => (
          <label key={kpi} className="field">
            <span className="label">{KPI_LABELS[kpi]} (1–5)</span>
            <input type="number" name={`score-${kpi}`} min={1} max={5} step={1} aria-invalid={errors[`score-${kpi}`] ? true : undefined} />
            {err(`score-${kpi}`)}
          </label>
        ))}
      </div>
      <div className="form-row">
        <label className="field">
          <span className="label">Custom KPI (optional)</span>
          <input type="text" name="customKpi" maxLength={40} placeholder="customer_focus" aria-invalid={errors.customKpi ? true : undefined} />
          {err('customKpi')}
        </label>
        <label className="field">
          <span className="label">Custom KPI score (1–5)</span>
          <input type="number" name="customScore" min={1} max={5} step={1} aria-invalid={errors.customScore ? true : undefined} />
          {err('customScore')}
        </label>
      </div>
      {err('scores')}
      <label className="field">
        <span className="label">Notes</span>
        <textarea name="notes" rows={2} maxLength={4000} aria-invalid={errors.notes ? true : undefined} />
        {err('notes')}
      </label>
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy || !props.periods.length || !props.members.length}>
          {busy ? 'Saving…' : 'Save review'}
        </button>
      </div>
    </form>
  );
}
