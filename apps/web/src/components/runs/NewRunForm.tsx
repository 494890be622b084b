'use client';
// Start a run: project, dataset version, label column, preset (and epochs). The cost and time
// estimate is fetched and shown before the run starts.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { RUN_PRESETS, type RunEstimate } from '@meridian/domain';
import type { TrainableVersionView } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';
import { describeError, type FieldErrors } from '../../lib/forms';

const FIELDS = ['projectId', 'datasetVersionId', 'labelColumn', 'preset', 'epochs'];

function money(minor: number, currency: string) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
}

export function NewRunForm({ orgId, projects, versions, initialVersionId }: { orgId: string; projects: { id: string; name: string }[]; versions: TrainableVersionView[]; initialVersionId?: string }) {
  const router = useRouter();
  // "Train a model" on a dataset version page lands here with that version: the form opens on it.
  const initial = initialVersionId ? versions.find((v) => v.id === initialVersionId) : undefined;
  const [open, setOpen] = useState(Boolean(initial));
  const [projectId, setProjectId] = useState(initial?.projectId ?? projects[0]?.id ?? '');
  const choices = useMemo(() => versions.filter((v) => v.projectId === projectId), [versions, projectId]);
  const [versionId, setVersionId] = useState(initial?.id ?? '');
  const version = choices.find((v) => v.id === versionId) ?? choices[0];
  const [label, setLabel] = useState('');
  const [preset, setPreset] = useState<string>('mlp-classifier');
  const [epochs, setEpochs] = useState('');
  const [estimate, setEstimate] = useState<(RunEstimate & { assumptions: string }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!version) return setEstimate(null);
    let stale = false;
    browserApi.runs
      .estimate(orgId, { datasetVersionId: version.id, preset, epochs: epochs ? Number(epochs) : undefined })
      .then((e) => !stale && setEstimate(e))
      .catch(() => !stale && setEstimate(null));
    return () => {
      stale = true;
    };
  }, [orgId, version, preset, epochs]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!version) return;
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const run = await browserApi.runs.create(orgId, {
        projectId,
        datasetVersionId: version.id,
        labelColumn: label || version.targetColumn || '',
        preset: preset as (typeof RUN_PRESETS)[number],
        epochs: epochs ? Number(epochs) : undefined,
      });
      router.push(`/orgs/${orgId}/runs/${run.id}`);
    } catch (err) {
      const p = describeError(err, FIELDS);
      setErrors(p.fields);
      setFormError(p.form);
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)} disabled={!versions.length} title={versions.length ? undefined : 'Upload a dataset first'}>
        Start a run
      </button>
    );
  }
  return (
    <form className="card card-body form" onSubmit={submit} aria-label="Start a run">
      {formError ? <div className="alert alert-error">{formError}</div> : null}
      <div className="form-row">
        <label className="field">
          <span className="label">Project</span>
          <select name="projectId" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Dataset version</span>
          <select name="datasetVersionId" value={version?.id ?? ''} onChange={(e) => setVersionId(e.target.value)}>
            {choices.map((v) => (
              <option key={v.id} value={v.id}>
                {v.datasetName} v{v.version} ({v.fileName}
                {v.rowCount !== null ? `, ${v.rowCount} rows` : ''})
              </option>
            ))}
          </select>
          {!choices.length ? <span className="field-error">This project has no dataset versions yet.</span> : null}
          {errors.datasetVersionId ? <span className="field-error">{errors.datasetVersionId}</span> : null}
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          <span className="label">Label column</span>
          {version?.columns.length ? (
            <select name="labelColumn" value={label || version.targetColumn || ''} onChange={(e) => setLabel(e.target.value)}>
              <option value="">Choose…</option>
              {version.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            <input name="labelColumn" value={label} onChange={(e) => setLabel(e.target.value)} placeholder={version?.targetColumn ?? 'label'} required={!version?.targetColumn} />
          )}
          {errors.labelColumn ? <span className="field-error">{errors.labelColumn}</span> : null}
        </label>
        <label className="field">
          <span className="label">Preset</span>
          <select name="preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
            {RUN_PRESETS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Epochs (optional)</span>
          <input name="epochs" type="number" min={1} max={500} value={epochs} onChange={(e) => setEpochs(e.target.value)} placeholder="preset default" />
          {errors.epochs ? <span className="field-error">{errors.epochs}</span> : null}
        </label>
      </div>
      {estimate ? (
        <p className="muted" data-testid="run-estimate">
          Estimate: about {estimate.seconds < 60 ? `${Math.max(1, Math.round(estimate.seconds))} s` : `${Math.round(estimate.seconds / 60)} min`}, {money(estimate.costMinor, estimate.currency)} — {estimate.assumptions}.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !version}>
          {busy ? 'Starting…' : 'Start run'}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
