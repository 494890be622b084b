'use client';
// Start a run: project, dataset version, label column, a preset or a JSON layer spec, epochs, split
// and transform choices. The cost and time estimate of exactly that run is fetched (POST
// /runs/estimate) whenever a choice changes and shown before the run starts; a spec is validated by
// the API on the way (schema, then against the data) and its issues are shown next to the field.
// Each distinct request carries one Idempotency-Key, so a double click or a retried request after
// a lost answer makes one run; changing any choice is a new request with a new key.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { RUN_PRESETS, type RunEstimate } from '@meridian/domain';
import type { TrainableVersionView } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';
import { describeError, type FieldErrors } from '../../lib/forms';
import { dataRequest, DEFAULT_DATA_CHOICES, RunDataOptions, type RunDataChoices } from './RunDataOptions';

// Most specific first: describeError files an issue under the first field its path starts with.
const FIELDS = ['projectId', 'datasetVersionId', 'labelColumn', 'preset', 'spec', 'epochs', 'seed', 'split', 'transform.exclude', 'transform.reshape', 'transform'];

function money(minor: number, currency: string) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
}

/** A fresh key per request intent; getRandomValues works on plain http too (randomUUID needs a secure context). */
function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-run-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A starting point for a spec: a dense network sized for the columns left after the label (the API corrects the size if the encoding differs). */
function specTemplate(features: number): string {
  return JSON.stringify(
    {
      name: 'my-dense-net',
      task: 'multiclass',
      inputShape: [Math.max(1, features)],
      layers: [
        { type: 'dense', units: 64, activation: 'relu' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
      optimizer: { type: 'adam', learningRate: 0.001 },
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    },
    null,
    2,
  );
}

type ParsedSpec = { ok: true; spec: Record<string, unknown> } | { ok: false; message: string };

function parseSpecText(text: string): ParsedSpec {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, message: 'The spec must be a JSON object ({ "task": …, "inputShape": …, "layers": […] }).' };
    return { ok: true, spec: v as Record<string, unknown> };
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${(e as Error).message}` };
  }
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
  const [modelKind, setModelKind] = useState<'preset' | 'spec'>('preset');
  const [preset, setPreset] = useState<string>('mlp-classifier');
  const [specText, setSpecText] = useState('');
  const [epochs, setEpochs] = useState('');
  const [data, setData] = useState<RunDataChoices>(DEFAULT_DATA_CHOICES);
  const [estimate, setEstimate] = useState<(RunEstimate & { assumptions: string }) | null>(null);
  const [estimateErrors, setEstimateErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const labelColumn = label || version?.targetColumn || '';
  const parsedSpec = modelKind === 'spec' ? parseSpecText(specText) : null;

  // The request this form would send; its JSON is the identity of a submission intent.
  const body = version
    ? {
        projectId,
        datasetVersionId: version.id,
        labelColumn,
        ...(modelKind === 'preset' ? { preset: preset as (typeof RUN_PRESETS)[number] } : parsedSpec?.ok ? { spec: parsedSpec.spec } : {}),
        ...(epochs ? { epochs: Number(epochs) } : {}),
        ...dataRequest(data),
      }
    : null;
  const bodyJson = body ? JSON.stringify(body) : '';
  // One key per request body: pressing Start again (a double click, a retry after a lost answer)
  // resends the same key, so the API answers the run already made; any change is a new key.
  const idempotency = useRef<{ body: string; key: string } | null>(null);

  function chooseSpec() {
    setModelKind('spec');
    if (!specText && version) setSpecText(specTemplate(version.columns.filter((c) => c !== labelColumn && !data.exclude.includes(c)).length));
  }

  // Errors of a submitted request belong to that request: a changed choice is judged afresh (by the estimate).
  useEffect(() => {
    setErrors({});
    setFormError(null);
  }, [bodyJson]);

  useEffect(() => {
    if (!body || (modelKind === 'spec' && !parsedSpec?.ok)) {
      setEstimate(null);
      setEstimateErrors({});
      return;
    }
    let stale = false;
    const { projectId: _p, ...input } = body;
    // Spec issues (schema or fit) come back from the estimate before the run is started.
    const timer = setTimeout(() => {
      browserApi.runs
        .estimateRun(orgId, { ...input, labelColumn: labelColumn || undefined })
        .then((e) => {
          if (stale) return;
          setEstimate(e);
          setEstimateErrors({});
        })
        .catch((err: unknown) => {
          if (stale) return;
          setEstimate(null);
          setEstimateErrors(describeError(err, FIELDS).fields);
        });
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [orgId, bodyJson]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!body || busy) return;
    if (parsedSpec && !parsedSpec.ok) {
      setErrors({ spec: parsedSpec.message });
      return;
    }
    if (idempotency.current?.body !== bodyJson) idempotency.current = { body: bodyJson, key: newIdempotencyKey() };
    const { key } = idempotency.current;
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const run = await browserApi.runs.create(orgId, body, { idempotencyKey: key });
      router.push(`/orgs/${orgId}/runs/${run.id}`);
    } catch (err) {
      const p = describeError(err, FIELDS);
      setErrors(p.fields);
      setFormError(p.form);
      setBusy(false);
    }
  }

  const fieldError = (f: string) => errors[f] ?? estimateErrors[f] ?? null;
  const specError = parsedSpec && !parsedSpec.ok ? parsedSpec.message : fieldError('spec');
  const shownErrors = { ...estimateErrors, ...errors };

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
          {fieldError('datasetVersionId') ? <span className="field-error">{fieldError('datasetVersionId')}</span> : null}
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          <span className="label">Label column</span>
          {version?.columns.length ? (
            <select name="labelColumn" value={labelColumn} onChange={(e) => setLabel(e.target.value)}>
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
          {fieldError('labelColumn') ? <span className="field-error">{fieldError('labelColumn')}</span> : null}
        </label>
        <label className="field">
          <span className="label">Epochs (optional)</span>
          <input name="epochs" type="number" min={1} max={500} value={epochs} onChange={(e) => setEpochs(e.target.value)} placeholder={modelKind === 'preset' ? 'preset default' : "spec's epochs"} />
          {fieldError('epochs') ? <span className="field-error">{fieldError('epochs')}</span> : null}
        </label>
      </div>
      <fieldset aria-label="Model">
        <legend>Model</legend>
        <div role="radiogroup" aria-label="Model source" style={{ display: 'flex', gap: 18 }}>
          <label style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <input type="radio" name="modelKind" value="preset" checked={modelKind === 'preset'} onChange={() => setModelKind('preset')} /> Ready-made
          </label>
          <label style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <input type="radio" name="modelKind" value="spec" checked={modelKind === 'spec'} onChange={chooseSpec} /> Layer spec (JSON)
          </label>
        </div>
        {modelKind === 'preset' ? (
          <label className="field">
            <span className="label">Preset</span>
            <select name="preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
              {RUN_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            {fieldError('preset') ? <span className="field-error">{fieldError('preset')}</span> : null}
          </label>
        ) : (
          <label className="field">
            <span className="label">Model spec (JSON)</span>
            <textarea
              name="spec"
              rows={14}
              spellCheck={false}
              style={{ fontFamily: 'var(--font-mono, ui-monospace, monospace)', fontSize: 12.5 }}
              value={specText}
              onChange={(e) => setSpecText(e.target.value)}
              aria-invalid={Boolean(specError)}
              aria-describedby="spec-error"
            />
            <span className="hint">task (multiclass, binary, regression), inputShape (values per row after the transform), layers, optimizer, loss; checked against the data as you type.</span>
            {specError ? (
              <span className="field-error" id="spec-error" data-testid="spec-error">
                {specError}
              </span>
            ) : null}
          </label>
        )}
      </fieldset>
      <RunDataOptions value={data} onChange={setData} columns={version?.columns ?? []} labelColumn={labelColumn} errors={shownErrors} />
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
