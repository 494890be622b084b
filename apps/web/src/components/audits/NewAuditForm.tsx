'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import type { FairnessReportOptions } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError, FormError } from '../../lib/forms';

/** The first line of a CSV, split on commas with double quotes honoured. */
function headerOf(text: string): string[] {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

export function NewAuditForm({ orgId, projects }: { orgId: string; projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const [file, setFile] = useState<{ name: string; text: string; columns: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pick(f: File | undefined) {
    setError(null);
    if (!f) return setFile(null);
    const text = await f.text();
    const columns = headerOf(text);
    if (columns.length < 3) setError(`${f.name}: the first line should name the columns (label, prediction and at least one sensitive column)`);
    setFile({ name: f.name, text, columns });
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file) return;
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    const sensitive = f.getAll('sensitive').map(String);
    const privCol = s('privilegedColumn');
    const privVal = s('privilegedValue');
    const options: FairnessReportOptions = {
      audit: {
        label: s('label'),
        ...(s('prediction') ? { prediction: s('prediction') } : {}),
        ...(s('score') ? { score: s('score') } : {}),
        ...(s('weight') ? { weight: s('weight') } : {}),
        sensitive,
        ...(privCol && privVal ? { privileged: { [privCol]: privVal.split('|').map((v) => v.trim()) } } : {}),
        reference: s('reference') || 'majority',
        // Unset: the standard 0.8 (the four-fifths rule); only a value typed in is sent.
        ...(s('tau') ? { tau: Number(s('tau')) } : {}),
        bootstrap: { reps: 200, seed: 0 },
      },
      policy: s('maxDpd') ? { maxDemographicParityDifference: Number(s('maxDpd')) } : {},
    };
    setBusy(true);
    setError(null);
    try {
      const audit = await browserApi.fairnessAudits.create(orgId, s('projectId'), { fileName: file.name, csv: file.text, options });
      router.push(`/orgs/${orgId}/audits/${audit.id}`);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
      setBusy(false);
    }
  }

  const colSelect = (name: string, label: string, optional: boolean, guess?: RegExp) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <select id={`audit-${name}`} name={name} defaultValue={optional ? '' : (file?.columns.find((c) => guess?.test(c)) ?? file?.columns[0])} required={!optional}>
        {optional ? <option value="">None</option> : null}
        {file?.columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form className="card card-body form" onSubmit={submit} aria-label="New fairness audit">
      <h2>Audit a predictions file</h2>
      <p className="muted">
        A CSV with one row per person: the true outcome, the model’s decision (or score) and the sensitive columns. The same audit as <code>meridian audit</code>. It informs, but never counts for the promotion gate: anyone can write such a file, so to gate a model audit the model version itself (below).
      </p>
      <FormError message={error} />
      <div className="form-row">
        <div className="field">
          <label htmlFor="audit-project">Project</label>
          <select id="audit-project" name="projectId" required>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-file">Predictions CSV</label>
          <input id="audit-file" type="file" accept=".csv,text/csv" required onChange={(e) => void pick(e.target.files?.[0])} />
        </div>
      </div>
      {file && file.columns.length ? (
        <>
          <div className="form-row">
            {colSelect('label', 'True outcome (label)', false, /label|hired|repaid|target|outcome|^y$/i)}
            {colSelect('prediction', 'Decision (prediction)', true)}
            {colSelect('score', 'Score (0–1)', true)}
            {colSelect('weight', 'Sample weight', true)}
          </div>
          <fieldset className="field">
            <legend>Sensitive columns (every combination is a group)</legend>
            {file.columns.map((c) => (
              <label key={c} style={{ marginRight: '1rem' }}>
                <input type="checkbox" name="sensitive" value={c} defaultChecked={/sex|gender|race|ethnic|age/i.test(c)} /> {c}
              </label>
            ))}
          </fieldset>
          <div className="form-row">
            {colSelect('privilegedColumn', 'Privileged group: column', true)}
            <div className="field">
              <label htmlFor="audit-privileged-value">Privileged value(s)</label>
              <input id="audit-privileged-value" name="privilegedValue" placeholder="e.g. male (a|b for several)" />
            </div>
            <div className="field">
              <label htmlFor="audit-reference">Reference group</label>
              <input id="audit-reference" name="reference" defaultValue="majority" />
            </div>
            <div className="field">
              <label htmlFor="audit-tau">Parity tolerance τ</label>
              <input id="audit-tau" name="tau" type="number" step="0.01" min="0.01" max="1" placeholder="0.8 (standard)" />
            </div>
            <div className="field">
              <label htmlFor="audit-maxdpd">Max demographic parity difference</label>
              <input id="audit-maxdpd" name="maxDpd" type="number" step="0.01" min="0.01" max="0.99" placeholder="0.1 (standard)" />
            </div>
          </div>
          <div>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Uploading…' : 'Run the audit'}
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}
