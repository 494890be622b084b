'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { RISK_CATEGORIES, RISK_LABELS, RISK_RESPONSES, type RiskCategory, type RiskResponse } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError, type FieldErrors } from '../../lib/forms';

const FIELDS = ['title', 'description', 'category', 'likelihood', 'impact', 'response', 'ownerId', 'reviewDate', 'residualLikelihood', 'residualImpact'];

export function NewRiskForm({ orgId, projects, members }: { orgId: string; projects: { id: string; name: string }[]; members: { userId: string; name: string }[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    const n = (k: string) => (s(k) ? Number(s(k)) : null);
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const risk = await browserApi.risks.create(orgId, s('projectId'), {
        title: s('title'),
        description: s('description'),
        category: s('category') as RiskCategory,
        likelihood: Number(s('likelihood')),
        impact: Number(s('impact')),
        response: (s('response') || null) as RiskResponse | null,
        ownerId: s('ownerId') || null,
        reviewDate: s('reviewDate') || null,
        residualLikelihood: n('residualLikelihood'),
        residualImpact: n('residualImpact'),
      });
      router.push(`/orgs/${orgId}/risks/${risk.id}`);
      router.refresh();
    } catch (err) {
      const p = describeError(err, FIELDS);
      setErrors(p.fields);
      setFormError(p.form);
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)} disabled={projects.length === 0} title={projects.length ? undefined : 'Create a project first'}>
        New risk
      </button>
    );
  }
  const rating = (name: string, label: string, optional = false) => (
    <div className="field">
      <label htmlFor={`risk-${name}`}>{label}</label>
      <select id={`risk-${name}`} name={name} defaultValue={optional ? '' : '3'} aria-invalid={errors[name] ? true : undefined}>
        {optional ? <option value="">Same as inherent</option> : null}
        {[1, 2, 3, 4, 5].map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      {errors[name] ? <span className="field-error" role="alert">{errors[name]}</span> : null}
    </div>
  );
  return (
    <form className="card card-body form" onSubmit={submit} aria-label="New risk" style={{ marginBottom: '1rem' }}>
      {formError ? <div className="alert alert-error" role="alert">{formError}</div> : null}
      <div className="form-row">
        <div className="field">
          <label htmlFor="risk-project">Project</label>
          <select id="risk-project" name="projectId" required>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="risk-category">Category</label>
          <select id="risk-category" name="category" defaultValue="TECHNICAL">
            {RISK_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {RISK_LABELS.category[c]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="risk-title">Title</label>
        <input id="risk-title" name="title" required minLength={3} maxLength={200} aria-invalid={errors.title ? true : undefined} />
        {errors.title ? <span className="field-error" role="alert">{errors.title}</span> : null}
      </div>
      <div className="field">
        <label htmlFor="risk-description">Description</label>
        <textarea id="risk-description" name="description" rows={3} maxLength={4000} />
      </div>
      <div className="form-row">
        {rating('likelihood', 'Likelihood (1 rare – 5 almost certain)')}
        {rating('impact', 'Impact (1 minor – 5 severe)')}
        {rating('residualLikelihood', 'Residual likelihood', true)}
        {rating('residualImpact', 'Residual impact', true)}
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor="risk-response">Response</label>
          <select id="risk-response" name="response" defaultValue="">
            <option value="">Not decided</option>
            {RISK_RESPONSES.map((r) => (
              <option key={r} value={r}>
                {RISK_LABELS.response[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="risk-owner">Owner</label>
          <select id="risk-owner" name="ownerId" defaultValue="">
            <option value="">Nobody yet</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
          {errors.ownerId ? <span className="field-error" role="alert">{errors.ownerId}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="risk-review">Review date</label>
          <input id="risk-review" name="reviewDate" type="date" />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Add risk'}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
