'use client';
import { useMemo, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError, FormError } from '../../lib/forms';

export interface AuditableModel {
  id: string;
  projectId: string;
  label: string;
}
export interface AuditableData {
  id: string;
  projectId: string;
  label: string;
  columns: string[];
  targetColumn: string | null;
}

/**
 * Audit a registered model version on a dataset version of the same project: the job predicts
 * with the model on every row, then builds the same report as for an uploaded predictions file.
 */
export function NewModelAuditForm({ orgId, projects, models, data }: { orgId: string; projects: { id: string; name: string }[]; models: AuditableModel[]; data: AuditableData[] }) {
  const router = useRouter();
  const withModels = projects.filter((p) => models.some((m) => m.projectId === p.id));
  const [projectId, setProjectId] = useState(withModels[0]?.id ?? '');
  const [dataId, setDataId] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const projectModels = models.filter((m) => m.projectId === projectId);
  const projectData = data.filter((d) => d.projectId === projectId);
  const chosen = useMemo(() => projectData.find((d) => d.id === dataId) ?? projectData[0], [projectData, dataId]);
  const columns = chosen?.columns ?? [];

  if (!withModels.length) {
    return (
      <section className="card card-body" aria-label="Audit a model version">
        <h2>Audit a model version</h2>
        <p className="muted">No project has a registered model version yet: train one (Runs), then audit it on a dataset version here.</p>
      </section>
    );
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    const privCol = s('privilegedColumn');
    const privVal = s('privilegedValue');
    setBusy(true);
    setError(null);
    try {
      const audit = await browserApi.fairnessAudits.createForModel(orgId, projectId, {
        modelVersionId: s('modelVersionId'),
        datasetVersionId: s('datasetVersionId'),
        ...(s('label') ? { label: s('label') } : {}),
        sensitive: f.getAll('sensitive').map(String),
        ...(privCol && privVal ? { privileged: { [privCol]: privVal.split('|').map((v) => v.trim()) } } : {}),
        ...(s('positiveLabel') ? { positiveLabel: s('positiveLabel') } : {}),
        ...(s('tau') ? { tau: Number(s('tau')) } : {}),
        bootstrap: { reps: 200, level: 0.95, seed: 0 },
      });
      router.push(`/orgs/${orgId}/audits/${audit.id}`);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
      setBusy(false);
    }
  }

  return (
    <form className="card card-body form" onSubmit={submit} aria-label="Audit a model version">
      <h2>Audit a model version</h2>
      <p className="muted">The model predicts on every row of a dataset version of its project; the report is the same as for an uploaded predictions file. Thresholds you leave empty are the project’s fairness policy (set on the project’s compliance page); you may tighten them, never loosen them.</p>
      <FormError message={error} />
      <div className="form-row">
        <div className="field">
          <label htmlFor="maudit-project">Project</label>
          <select id="maudit-project" value={projectId} onChange={(e) => { setProjectId(e.target.value); setDataId(''); }}>
            {withModels.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="maudit-model">Model version</label>
          <select id="maudit-model" name="modelVersionId" required>
            {projectModels.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="maudit-data">Dataset version</label>
          <select id="maudit-data" name="datasetVersionId" required value={chosen?.id ?? ''} onChange={(e) => setDataId(e.target.value)}>
            {projectData.length === 0 ? <option value="">No dataset in this project</option> : null}
            {projectData.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {chosen ? (
        <>
          <div className="form-row">
            <div className="field">
              <label htmlFor="maudit-label">True outcome (label)</label>
              <select id="maudit-label" name="label" defaultValue={chosen.targetColumn ?? ''} key={`label-${chosen.id}`}>
                <option value="">The model’s training label</option>
                {columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="maudit-positive">Favourable value</label>
              <input id="maudit-positive" name="positiveLabel" placeholder="1 / true by default" />
            </div>
            <div className="field">
              <label htmlFor="maudit-tau">Parity tolerance τ</label>
              <input id="maudit-tau" name="tau" type="number" step="0.01" min="0.01" max="1" placeholder="project’s" />
            </div>
          </div>
          <fieldset className="field" key={`sens-${chosen.id}`}>
            <legend>Sensitive columns (every combination is a group)</legend>
            {columns.length === 0 ? <span className="muted">The dataset version has not been profiled yet, so its columns are unknown.</span> : null}
            {columns.map((c) => (
              <label key={c} style={{ marginRight: '1rem' }}>
                <input type="checkbox" name="sensitive" value={c} defaultChecked={/sex|gender|race|ethnic/i.test(c)} /> {c}
              </label>
            ))}
          </fieldset>
          <div className="form-row" key={`priv-${chosen.id}`}>
            <div className="field">
              <label htmlFor="maudit-privcol">Privileged group: column</label>
              <select id="maudit-privcol" name="privilegedColumn" defaultValue="">
                <option value="">None</option>
                {columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="maudit-privval">Privileged value(s)</label>
              <input id="maudit-privval" name="privilegedValue" placeholder="e.g. male (a|b for several)" />
            </div>
          </div>
          <div>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Queuing…' : 'Audit the model'}
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}
