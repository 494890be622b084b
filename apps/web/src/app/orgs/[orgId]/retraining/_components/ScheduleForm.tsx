'use client';
// Create or edit a retraining schedule. While the cron or time zone is typed, the API says the cron
// in words and lists its next fire times in that time zone (or why it is invalid), so what is saved
// is what will fire.
import { useEffect, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { RETRAIN_CATCH_UP, type CronPreview, type RetrainCatchUp, type RetrainScheduleView } from '@meridian/domain';
import { ApiError } from '@meridian/sdk';
import { browserApi } from '../../../../../lib/browser-api';
import { describeError, FormError, type FieldErrors } from '../../../../../lib/forms';
import { CATCH_UP_LABELS, formatInZone } from './labels';

const FIELDS = ['projectId', 'name', 'cron', 'timezone', 'catchUp', 'templateRunId', 'datasetId', 'paused'];

export interface Option {
  id: string;
  name: string;
  projectId: string;
}

interface Props {
  orgId: string;
  projects: { id: string; name: string }[];
  runs: Option[];
  datasets: Option[];
  timeZones: string[];
  /** Editing this schedule (project fixed); absent: a new one. */
  schedule?: RetrainScheduleView;
  onDone?: () => void;
}

function Err({ errors, name }: { errors: FieldErrors; name: string }) {
  return errors[name] ? (
    <span className="field-error" role="alert">
      {errors[name]}
    </span>
  ) : null;
}

const PRESETS: { cron: string; label: string }[] = [
  { cron: '0 3 * * *', label: 'every day at 03:00' },
  { cron: '0 3 * * 1', label: 'Mondays at 03:00' },
  { cron: '0 */6 * * *', label: 'every 6 hours' },
  { cron: '0 2 1 * *', label: 'the 1st of the month at 02:00' },
];

export function ScheduleForm({ orgId, projects, runs, datasets, timeZones, schedule, onDone }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(Boolean(schedule));
  const [projectId, setProjectId] = useState(schedule?.projectId ?? projects[0]?.id ?? '');
  const [cron, setCron] = useState(schedule?.cron ?? '0 3 * * *');
  const [timezone, setTimezone] = useState(schedule?.timezone ?? 'UTC');
  const [catchUp, setCatchUp] = useState<RetrainCatchUp>(schedule?.catchUp ?? 'SKIP');
  const [preview, setPreview] = useState<CronPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  // Use the browser's own zone for a new schedule once mounted (the server does not know it).
  useEffect(() => {
    if (schedule) return;
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (local && timeZones.includes(local)) setTimezone(local);
  }, [schedule, timeZones]);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    const t = setTimeout(() => {
      browserApi.retraining
        .cronPreview(orgId, { cron, timezone, count: 3 })
        .then((p) => {
          if (cancelled) return;
          setPreview(p);
          setPreviewError(null);
        })
        .catch((err: unknown) => {
          if (cancelled) return;
          setPreview(null);
          setPreviewError(err instanceof ApiError ? (err.issues?.[0]?.message ?? err.message) : 'The preview is not available right now.');
        });
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [orgId, cron, timezone, open]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const common = { name: s('name'), cron, timezone, catchUp, templateRunId: s('templateRunId') || null, datasetId: s('datasetId') || null };
      if (schedule) await browserApi.retraining.updateSchedule(orgId, schedule.id, common);
      else await browserApi.retraining.createSchedule(orgId, { ...common, projectId, paused: f.get('paused') === 'on' });
      setBusy(false);
      if (!schedule) setOpen(false);
      onDone?.();
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
        New schedule
      </button>
    );
  }
  const projectRuns = runs.filter((r) => r.projectId === projectId);
  const projectDatasets = datasets.filter((d) => d.projectId === projectId);
  const idp = schedule ? `schedule-${schedule.id}` : 'schedule-new';
  return (
    <form className="card card-body form" onSubmit={submit} aria-label={schedule ? `Edit schedule ${schedule.name}` : 'New schedule'} style={{ marginBottom: '1rem' }}>
      <FormError message={formError} />
      <div className="form-row">
        {schedule ? null : (
          <div className="field">
            <label htmlFor={`${idp}-project`}>Project</label>
            <select id={`${idp}-project`} name="projectId" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
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
          <label htmlFor={`${idp}-name`}>Name</label>
          <input id={`${idp}-name`} name="name" type="text" required maxLength={120} placeholder="Nightly retraining" defaultValue={schedule?.name ?? ''} aria-invalid={errors.name ? true : undefined} />
          <Err errors={errors} name="name" />
        </div>
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${idp}-cron`}>Cron (minute hour day month weekday)</label>
          <input id={`${idp}-cron`} name="cron" type="text" required value={cron} onChange={(e) => setCron(e.target.value)} aria-invalid={errors.cron || previewError ? true : undefined} aria-describedby={`${idp}-preview`} spellCheck={false} />
          <span className="hint">
            {PRESETS.map((p, i) => (
              <span key={p.cron}>
                {i ? ' · ' : ''}
                <button type="button" className="btn-link" onClick={() => setCron(p.cron)}>
                  {p.label}
                </button>
              </span>
            ))}
          </span>
          <Err errors={errors} name="cron" />
        </div>
        <div className="field">
          <label htmlFor={`${idp}-tz`}>Time zone</label>
          <select id={`${idp}-tz`} name="timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)} aria-invalid={errors.timezone ? true : undefined}>
            {timeZones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          <Err errors={errors} name="timezone" />
        </div>
      </div>
      <div id={`${idp}-preview`} className={previewError ? 'alert alert-error' : 'alert alert-info'} role="status" aria-live="polite" data-testid="cron-preview">
        {previewError ? (
          previewError
        ) : preview ? (
          <>
            <strong>{preview.description}</strong> ({timezone}). Next: {preview.next.map((t) => formatInZone(t, timezone)).join('; ')}
          </>
        ) : (
          'Reading the cron…'
        )}
      </div>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${idp}-catchup`}>Missed runs</label>
          <select id={`${idp}-catchup`} name="catchUp" value={catchUp} onChange={(e) => setCatchUp(e.target.value as RetrainCatchUp)}>
            {RETRAIN_CATCH_UP.map((c) => (
              <option key={c} value={c}>
                {CATCH_UP_LABELS[c].title}
              </option>
            ))}
          </select>
          <span className="hint">{CATCH_UP_LABELS[catchUp].help}</span>
        </div>
        <div className="field">
          <label htmlFor={`${idp}-template`}>Template run</label>
          <select id={`${idp}-template`} name="templateRunId" defaultValue={schedule?.templateRunId ?? ''} aria-invalid={errors.templateRunId ? true : undefined}>
            <option value="">The run behind the champion (else production, else the latest success)</option>
            {projectRuns.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          <Err errors={errors} name="templateRunId" />
        </div>
        <div className="field">
          <label htmlFor={`${idp}-dataset`}>Train on</label>
          <select id={`${idp}-dataset`} name="datasetId" defaultValue={schedule?.datasetId ?? ''} aria-invalid={errors.datasetId ? true : undefined}>
            <option value="">The newest version of the template run’s dataset</option>
            {projectDatasets.map((d) => (
              <option key={d.id} value={d.id}>
                newest version of {d.name}
              </option>
            ))}
          </select>
          <Err errors={errors} name="datasetId" />
        </div>
      </div>
      {schedule ? null : (
        <label>
          <input type="checkbox" name="paused" /> Create paused
        </label>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : schedule ? 'Save schedule' : 'Create schedule'}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setOpen(false);
            onDone?.();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
