'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { isApiError } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';

/** CSV import: all or nothing; on a 400 every bad line is listed. */
export function CsvImport({ orgId, projects }: { orgId: string; projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const file = d.get('file');
    const text = file instanceof File && file.size > 0 ? await file.text() : String(d.get('csv') ?? '');
    setBusy(true);
    setIssues([]);
    setMessage(null);
    try {
      const r = await browserApi.finance.costs.importCsv(orgId, text, String(d.get('projectId') || '') || null);
      setMessage(`Imported ${r.imported} cost entries.`);
      form.reset();
      router.refresh();
    } catch (err) {
      if (isApiError(err)) {
        setMessage(err.message);
        setIssues(err.issues ?? []);
      } else setMessage('The import failed; nothing was imported.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Import costs from CSV">
      <p className="muted">
        Columns <code>date,category,amount,currency,description</code>; amounts in major units (<code>1234.56</code>). One bad line imports nothing.
      </p>
      <label className="field">
        <span className="label">Project (optional)</span>
        <select name="projectId" defaultValue="">
          <option value="">Organisation-wide</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="label">CSV file</span>
        <input name="file" type="file" accept=".csv,text/csv" />
      </label>
      <label className="field">
        <span className="label">…or paste CSV</span>
        <textarea name="csv" rows={4} placeholder={'date,category,amount,currency,description\n2026-11-01,compute,1234.56,USD,GPU hours'} />
      </label>
      {message && (
        <div className={issues.length ? 'alert alert-error' : 'alert alert-success'} role="status">
          {message}
          {issues.length > 0 && (
            <ul>
              {issues.slice(0, 20).map((i) => (
                <li key={i.path + i.message}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div>
        <button className="btn" type="submit" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
