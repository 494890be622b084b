'use client';
// The per-project retraining policy: how many retrainings at once, and whether a challenger that
// beats the champion by the margin (and passes the promotion gate) is promoted automatically.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import type { RetrainPolicyView } from '@meridian/domain';
import type { RunNowResult } from '@meridian/sdk';
import { browserApi } from '../../../../../lib/browser-api';
import { describeError, type FieldErrors } from '../../../../../lib/forms';

const FIELDS = ['maxConcurrent', 'autoPromote', 'promoteMargin', 'compareMetric'];

function Err({ errors, name }: { errors: FieldErrors; name: string }) {
  return errors[name] ? (
    <span className="field-error" role="alert">
      {errors[name]}
    </span>
  ) : null;
}

export function PolicyForm({ orgId, projects, policies, canWrite, canLaunch }: { orgId: string; projects: { id: string; name: string }[]; policies: RetrainPolicyView[]; canWrite: boolean; canLaunch: boolean }) {
  const router = useRouter();
  const [projectId, setProjectId] = useState(projects[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [launch, setLaunch] = useState<RunNowResult | null>(null);
  const [launching, setLaunching] = useState(false);
  const policy = policies.find((p) => p.projectId === projectId);
  if (!policy) return <p className="muted">Create a project to set its retraining policy.</p>;

  async function retrainNow() {
    setLaunching(true);
    setFormError(null);
    setLaunch(null);
    try {
      setLaunch(await browserApi.retraining.runNowForProject(orgId, { projectId }));
      router.refresh();
    } catch (err) {
      setFormError(describeError(err, []).form);
    } finally {
      setLaunching(false);
    }
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    setBusy(true);
    setErrors({});
    setFormError(null);
    setSaved(false);
    try {
      await browserApi.retraining.putPolicy(orgId, projectId, {
        maxConcurrent: Number(s('maxConcurrent')),
        autoPromote: f.get('autoPromote') === 'on',
        promoteMargin: Number(s('promoteMargin')),
        compareMetric: s('compareMetric') || null,
      });
      setSaved(true);
      router.refresh();
    } catch (err) {
      const p = describeError(err, FIELDS);
      setErrors(p.fields);
      setFormError(p.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Retraining policy" key={`${projectId}-${policy.updatedAt ?? 'default'}`}>
      {formError ? (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      ) : null}
      {saved ? (
        <div className="alert alert-success" role="status">
          Policy saved.
        </div>
      ) : null}
      <div className="form-row">
        <div className="field">
          <label htmlFor="policy-project">Project</label>
          <select id="policy-project" value={projectId} onChange={(e) => (setProjectId(e.target.value), setSaved(false), setLaunch(null))}>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <span className="hint">{policy.stored ? `Saved ${new Date(policy.updatedAt!).toUTCString()}` : 'Defaults (not saved yet)'}</span>
        </div>
        <div className="field">
          <label htmlFor="policy-max">Retrainings at once</label>
          <input id="policy-max" name="maxConcurrent" type="number" min={1} max={20} step={1} defaultValue={policy.maxConcurrent} disabled={!canWrite} aria-invalid={errors.maxConcurrent ? true : undefined} />
          <span className="hint">A launch over the limit is recorded as skipped.</span>
          <Err errors={errors} name="maxConcurrent" />
        </div>
        <div className="field">
          <label htmlFor="policy-metric">Compare on metric</label>
          <input id="policy-metric" name="compareMetric" type="text" placeholder={policy.effectiveCompareMetric} defaultValue={policy.compareMetric ?? ''} disabled={!canWrite} aria-invalid={errors.compareMetric ? true : undefined} />
          <span className="hint">Empty: the project goal metric, else accuracy (now: {policy.effectiveCompareMetric}).</span>
          <Err errors={errors} name="compareMetric" />
        </div>
      </div>
      <div className="form-row">
        <div className="field">
          <label>
            <input type="checkbox" name="autoPromote" defaultChecked={policy.autoPromote} disabled={!canWrite} /> Promote a winning challenger to champion automatically
          </label>
          <span className="hint">Only when it wins by the margin and the promotion gate passes; every move is in the audit log.</span>
        </div>
        <div className="field">
          <label htmlFor="policy-margin">Winning margin</label>
          <input id="policy-margin" name="promoteMargin" type="text" inputMode="decimal" defaultValue={policy.promoteMargin} disabled={!canWrite} aria-invalid={errors.promoteMargin ? true : undefined} />
          <span className="hint">0.01 = one point of accuracy.</span>
          <Err errors={errors} name="promoteMargin" />
        </div>
      </div>
      {launch ? (
        <div className={launch.status === 'STARTED' ? 'alert alert-success' : 'alert alert-warning'} role="status">
          {launch.status === 'STARTED' ? (
            <>
              Started <Link href={`/orgs/${orgId}/runs/${launch.runId}`}>{launch.event.run?.name ?? 'the run'}</Link>.
            </>
          ) : launch.status === 'DUPLICATE' ? (
            'Already launched; nothing new started.'
          ) : (
            `${launch.status === 'SKIPPED' ? 'Skipped' : 'Failed'}: ${launch.reason}`
          )}
        </div>
      ) : null}
      <div className="actions">
        {canWrite ? (
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save policy'}
          </button>
        ) : (
          <span className="muted">Admins and owners change the policy.</span>
        )}
        {canLaunch ? (
          <button type="button" className="btn" disabled={launching} onClick={() => void retrainNow()}>
            {launching ? 'Starting…' : 'Retrain this project now'}
          </button>
        ) : null}
      </div>
    </form>
  );
}
