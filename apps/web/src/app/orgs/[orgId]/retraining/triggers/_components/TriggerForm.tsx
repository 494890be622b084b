'use client';
// Create or edit a retraining trigger: the fields change with the kind, and the API's 422 issues
// (config.<field>) land next to the field they name.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { DEFAULT_TRIGGER_COOLDOWN_MINUTES, RETRAIN_TRIGGER_KINDS, type RetrainTriggerKind, type RetrainTriggerView } from '@meridian/domain';
import { browserApi } from '../../../../../../lib/browser-api';
import { describeError, FormError, type FieldErrors } from '../../../../../../lib/forms';
import { KIND_LABELS } from './labels';

const FIELDS = [
  'projectId',
  'name',
  'kind',
  'cooldownMinutes',
  'config.datasetId',
  'config.metric',
  'config.direction',
  'config.threshold',
  'config.windowMinutes',
  'config.minObservations',
  'config.statistic',
  'config.columns',
  'config.signals',
  'config.minSeverity',
  'config',
];

interface Props {
  orgId: string;
  projects: { id: string; name: string }[];
  datasets: { id: string; name: string; projectId: string }[];
  /** Editing this trigger (kind and project fixed); absent: a new one. */
  trigger?: RetrainTriggerView;
}

function Err({ errors, name }: { errors: FieldErrors; name: string }) {
  return errors[name] ? (
    <span className="field-error" role="alert">
      {errors[name]}
    </span>
  ) : null;
}

export function TriggerForm({ orgId, projects, datasets, trigger }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(Boolean(trigger));
  const [kind, setKind] = useState<RetrainTriggerKind>(trigger?.kind ?? 'DATASET_VERSION');
  const [projectId, setProjectId] = useState(trigger?.projectId ?? projects[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const c = (trigger?.config ?? {}) as Record<string, unknown>;
  const str = (k: string, d = '') => (c[k] === undefined || c[k] === null ? d : String(c[k]));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    // Empty numbers are sent as given (NaN → null), so the API names the field rather than us guessing.
    const num = (k: string) => (s(k) === '' ? undefined : Number(s(k)));
    let config: Record<string, unknown>;
    switch (kind) {
      case 'DATASET_VERSION':
        config = { datasetId: s('datasetId') || null };
        break;
      case 'METRIC_THRESHOLD':
        config = { metric: s('metric'), direction: s('direction'), threshold: num('threshold') ?? null, windowMinutes: num('windowMinutes'), minObservations: num('minObservations') };
        break;
      case 'DRIFT':
        config = { statistic: s('statistic'), threshold: num('threshold') ?? null, columns: s('columns') ? s('columns').split(',').map((x) => x.trim()).filter(Boolean) : [], datasetId: s('datasetId') || null };
        break;
      case 'SATISFACTION':
        config = { signals: f.getAll('signals').map(String), minSeverity: s('minSeverity') };
        break;
    }
    for (const k of Object.keys(config)) if (config[k] === undefined) delete config[k];
    const cooldown = num('cooldownMinutes');
    setBusy(true);
    setErrors({});
    setFormError(null);
    setSaved(false);
    try {
      if (trigger) {
        await browserApi.retrainingTriggers.update(orgId, trigger.id, { name: s('name'), cooldownMinutes: cooldown, config });
        setSaved(true);
        setBusy(false);
        router.refresh();
      } else {
        const t = await browserApi.retrainingTriggers.create(orgId, { projectId, name: s('name'), kind, enabled: f.get('enabled') === 'on', cooldownMinutes: cooldown, config });
        router.push(`/orgs/${orgId}/retraining/triggers/${t.id}`);
        router.refresh();
      }
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
        New trigger
      </button>
    );
  }
  const projectDatasets = datasets.filter((d) => d.projectId === projectId);
  const datasetSelect = (
    <div className="field">
      <label htmlFor="trigger-dataset">Dataset</label>
      <select id="trigger-dataset" name="datasetId" defaultValue={str('datasetId')} aria-invalid={errors['config.datasetId'] ? true : undefined}>
        <option value="">The dataset the production model was trained on</option>
        {projectDatasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <Err errors={errors} name="config.datasetId" />
    </div>
  );
  return (
    <form className="card card-body form" onSubmit={submit} aria-label={trigger ? 'Edit trigger' : 'New trigger'} style={{ marginBottom: '1rem' }} key={kind}>
      <FormError message={formError} />
      {saved ? (
        <div className="alert alert-success" role="status">
          Saved.
        </div>
      ) : null}
      <div className="form-row">
        {trigger ? null : (
          <div className="field">
            <label htmlFor="trigger-project">Project</label>
            <select id="trigger-project" name="projectId" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <Err errors={errors} name="projectId" />
          </div>
        )}
        <div className="field">
          <label htmlFor="trigger-kind">Launch retraining when</label>
          <select id="trigger-kind" name="kind" value={kind} disabled={Boolean(trigger)} onChange={(e) => setKind(e.target.value as RetrainTriggerKind)}>
            {RETRAIN_TRIGGER_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k].title}
              </option>
            ))}
          </select>
          <span className="muted">{KIND_LABELS[kind].help}</span>
        </div>
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor="trigger-name">Name</label>
          <input id="trigger-name" name="name" type="text" required maxLength={120} defaultValue={trigger?.name ?? ''} aria-invalid={errors.name ? true : undefined} />
          <Err errors={errors} name="name" />
        </div>
        <div className="field">
          <label htmlFor="trigger-cooldown">Cooldown (minutes)</label>
          <input id="trigger-cooldown" name="cooldownMinutes" type="number" min={0} max={43200} step={1} defaultValue={trigger?.cooldownMinutes ?? DEFAULT_TRIGGER_COOLDOWN_MINUTES[kind]} aria-invalid={errors.cooldownMinutes ? true : undefined} />
          <span className="muted">No second launch until this long after the last one.</span>
          <Err errors={errors} name="cooldownMinutes" />
        </div>
      </div>

      {kind === 'DATASET_VERSION' ? datasetSelect : null}

      {kind === 'METRIC_THRESHOLD' ? (
        <>
          <div className="form-row">
            <div className="field">
              <label htmlFor="trigger-metric">Production metric</label>
              <input id="trigger-metric" name="metric" type="text" placeholder="accuracy" defaultValue={str('metric')} aria-invalid={errors['config.metric'] ? true : undefined} />
              <Err errors={errors} name="config.metric" />
            </div>
            <div className="field">
              <label htmlFor="trigger-direction">Fire when the average is</label>
              <select id="trigger-direction" name="direction" defaultValue={str('direction', 'BELOW')}>
                <option value="BELOW">below the threshold (accuracy, AUC…)</option>
                <option value="ABOVE">above the threshold (error rate, latency…)</option>
              </select>
              <Err errors={errors} name="config.direction" />
            </div>
            <div className="field">
              <label htmlFor="trigger-threshold">Threshold</label>
              <input id="trigger-threshold" name="threshold" type="text" inputMode="decimal" placeholder="0.9" defaultValue={str('threshold')} aria-invalid={errors['config.threshold'] ? true : undefined} />
              <Err errors={errors} name="config.threshold" />
            </div>
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor="trigger-window">Window (minutes)</label>
              <input id="trigger-window" name="windowMinutes" type="number" min={1} max={43200} defaultValue={str('windowMinutes', '60')} />
              <Err errors={errors} name="config.windowMinutes" />
            </div>
            <div className="field">
              <label htmlFor="trigger-minobs">Observations needed in the window</label>
              <input id="trigger-minobs" name="minObservations" type="number" min={1} defaultValue={str('minObservations', '1')} />
              <Err errors={errors} name="config.minObservations" />
            </div>
          </div>
        </>
      ) : null}

      {kind === 'DRIFT' ? (
        <>
          <div className="form-row">
            <div className="field">
              <label htmlFor="trigger-statistic">Statistic</label>
              <select id="trigger-statistic" name="statistic" defaultValue={str('statistic', 'PSI')}>
                <option value="PSI">PSI: largest population stability index over the columns</option>
                <option value="KS">KS: largest Kolmogorov-Smirnov D (numeric columns)</option>
              </select>
              <Err errors={errors} name="config.statistic" />
            </div>
            <div className="field">
              <label htmlFor="trigger-threshold">Threshold</label>
              <input id="trigger-threshold" name="threshold" type="text" inputMode="decimal" placeholder="0.25" defaultValue={str('threshold')} aria-invalid={errors['config.threshold'] ? true : undefined} />
              <span className="muted">PSI 0.1 is a warning, 0.25 a significant shift; KS D is between 0 and 1.</span>
              <Err errors={errors} name="config.threshold" />
            </div>
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor="trigger-columns">Columns (comma-separated; empty: all)</label>
              <input id="trigger-columns" name="columns" type="text" defaultValue={Array.isArray(c.columns) ? (c.columns as string[]).join(', ') : ''} aria-invalid={errors['config.columns'] ? true : undefined} />
              <Err errors={errors} name="config.columns" />
            </div>
            {datasetSelect}
          </div>
        </>
      ) : null}

      {kind === 'SATISFACTION' ? (
        <div className="form-row">
          <fieldset className="field">
            <legend>Signals</legend>
            {(['NPS_DROP', 'NEGATIVE_SHARE'] as const).map((sig) => (
              <label key={sig}>
                <input type="checkbox" name="signals" value={sig} defaultChecked={Array.isArray(c.signals) ? (c.signals as string[]).includes(sig) : true} /> {sig === 'NPS_DROP' ? 'NPS dropped' : 'Share of negative feedback is high'}
              </label>
            ))}
            <Err errors={errors} name="config.signals" />
          </fieldset>
          <div className="field">
            <label htmlFor="trigger-severity">From severity</label>
            <select id="trigger-severity" name="minSeverity" defaultValue={str('minSeverity', 'MEDIUM')}>
              <option value="MEDIUM">medium</option>
              <option value="HIGH">high only</option>
            </select>
          </div>
        </div>
      ) : null}

      {trigger ? null : (
        <label>
          <input type="checkbox" name="enabled" defaultChecked /> Enabled
        </label>
      )}
      <Err errors={errors} name="config" />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : trigger ? 'Save' : 'Create trigger'}
        </button>
        {trigger ? null : (
          <button type="button" className="btn" onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
