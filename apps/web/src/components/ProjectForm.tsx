'use client';
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import {
  BUSINESS_MODELS,
  LABELS,
  PROJECT_STAGES,
  STARTUP_MODES,
  ZCreateProjectSchema,
  ZUpdateProjectBody,
  type ProjectView,
} from '@meridian/domain';
import { ApiError } from '@meridian/sdk';
import { browserApi } from '../lib/browser-api';
import { describeError, withoutField, zodFieldErrors, type FieldErrors } from '../lib/forms';
import { Field, FormError } from './Field';

const FIELDS = ['name', 'description', 'stage', 'stageOverrideReason', 'startupMode', 'businessModel', 'goal.statement', 'goal.metric', 'goal.threshold', 'goal.deadline', 'goal'] as const;

const STARTUP_MODE_HINT = {
  RND: 'Research first: the model is the product’s core risk.',
  APPLICATION: 'An application of known techniques to a market problem.',
  PLATFORM: 'Infrastructure or tools that others build on.',
} as const;

function readForm(form: HTMLFormElement) {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
  const threshold = text('goal.threshold').trim();
  // Only present once the API refused a stage move and an owner or admin chose to override it.
  const override = data.has('stageOverrideReason') ? { stageOverrideReason: text('stageOverrideReason') } : {};
  return {
    ...override,
    name: text('name'),
    description: text('description'),
    stage: text('stage'),
    startupMode: text('startupMode'),
    businessModel: text('businessModel'),
    goal: {
      statement: text('goal.statement'),
      metric: orNull(text('goal.metric')),
      threshold: threshold === '' ? null : Number(threshold),
      deadline: orNull(text('goal.deadline')),
    },
  };
}

/** The entry criteria the API named when it refused a stage move (422, one issue on `stage` each). */
interface StageBlock {
  stage: string;
  criteria: string[];
}

function stageBlock(err: unknown, stage: string): StageBlock | null {
  if (!(err instanceof ApiError) || err.code !== 'UNPROCESSABLE') return null;
  const criteria = err.issues.filter((i) => i.path === 'stage').map((i) => i.message);
  return criteria.length ? { stage, criteria } : null;
}

/**
 * `canOverride`: the viewer is an OWNER or ADMIN, who may move a project past unmet entry criteria
 * by giving a reason (the API checks the role again and writes the reason to the audit log).
 */
export function ProjectForm({ orgId, project, canOverride = false }: { orgId: string; project?: ProjectView; canOverride?: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [blocked, setBlocked] = useState<StageBlock | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = Boolean(project);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const raw = readForm(event.currentTarget);
    const parsed = editing ? ZUpdateProjectBody.safeParse(raw) : ZCreateProjectSchema.safeParse(raw);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      setFormError(null);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const saved = project
        ? await browserApi.projects.update(orgId, project.id, ZUpdateProjectBody.parse(raw))
        : await browserApi.projects.create(orgId, ZCreateProjectSchema.parse(raw));
      router.push(`/orgs/${orgId}/projects/${saved.id}`);
      router.refresh();
    } catch (err) {
      const block = stageBlock(err, raw.stage);
      setBlocked(block);
      if (block) {
        // The criteria are listed under the stage field; the summary only says what to do next.
        setErrors({ stage: `${LABELS.stage[raw.stage as keyof typeof LABELS.stage] ?? raw.stage} cannot be entered yet: ${block.criteria.length} entry ${block.criteria.length === 1 ? 'criterion is' : 'criteria are'} not met.` });
        setFormError(
          !editing
            ? 'Nothing was saved: a new project cannot start in that stage.'
            : canOverride
              ? 'Nothing was saved. Meet the criteria below, or give a reason and override.'
              : 'Nothing was saved: the criteria below are not met yet.',
        );
      } else {
        const problem = describeError(err, FIELDS);
        setErrors(problem.fields);
        setFormError(problem.form);
      }
      setBusy(false);
    }
  }

  const goal = project?.goal;
  const overriding = Boolean(blocked && editing && canOverride);
  return (
    <form
      className="form"
      onSubmit={onSubmit}
      onInput={(e) => setErrors((prev) => withoutField(prev, (e.target as HTMLInputElement).name))}
      noValidate aria-label={editing ? 'Edit project' : 'New project'}>
      {/* The summary follows the field errors, so it disappears once the last one is fixed. */}
      <FormError message={formError ?? (Object.keys(errors).length ? 'Some fields need attention.' : null)} />
      <div className="card">
        <div className="card-header">
          <div>
            <h2>Project</h2>
            <p>What you are building and where it stands.</p>
          </div>
        </div>
        <div className="card-body form">
          <Field id="name" label="Name" error={errors.name}>
            {(aria) => <input {...aria} name="name" type="text" defaultValue={project?.name} required maxLength={120} autoFocus={!editing} />}
          </Field>
          <Field id="description" label="Description" error={errors.description} hint="Optional. The problem, the users, the data you expect to need.">
            {(aria) => <textarea {...aria} name="description" defaultValue={project?.description} maxLength={2000} />}
          </Field>
          <div className="form-row">
            <Field id="stage" label="Lifecycle stage" error={errors.stage}>
              {(aria) => (
                <select
                  {...aria}
                  name="stage"
                  defaultValue={project?.stage ?? 'PLANNING'}
                  // Another stage means other criteria: the list and the override belong to the refused one.
                  onChange={(e) => setBlocked((b) => (b && e.target.value !== b.stage ? null : b))}
                >
                  {PROJECT_STAGES.map((s) => (
                    <option key={s} value={s}>
                      {LABELS.stage[s]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="startupMode" label="Startup mode" error={errors.startupMode}>
              {(aria) => (
                <select {...aria} name="startupMode" defaultValue={project?.startupMode ?? ''} required>
                  <option value="" disabled>
                    Choose…
                  </option>
                  {STARTUP_MODES.map((m) => (
                    <option key={m} value={m}>
                      {LABELS.startupMode[m]} — {STARTUP_MODE_HINT[m]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {blocked ? (
            <div className="alert alert-warning" data-testid="stage-criteria">
              <p>
                <strong>Unmet entry criteria for {LABELS.stage[blocked.stage as keyof typeof LABELS.stage] ?? blocked.stage}</strong> (checked from the project’s data):
              </p>
              <ul>
                {blocked.criteria.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              {!editing ? <p>A new project starts in Planning; create it there and move it once its data exists.</p> : null}
              {editing && !canOverride ? <p>An owner or admin of the organisation can move the project anyway, with a reason that is kept in the audit log.</p> : null}
            </div>
          ) : null}
          {overriding ? (
            <Field id="stageOverrideReason" label="Override reason" error={errors.stageOverrideReason} hint="As an owner or admin you may move the project anyway. Say why the criteria above do not apply; the reason is kept in the audit log.">
              {(aria) => <textarea {...aria} name="stageOverrideReason" minLength={10} maxLength={500} required />}
            </Field>
          ) : null}
          <Field id="businessModel" label="Business model" error={errors.businessModel}>
            {(aria) => (
              <select {...aria} name="businessModel" defaultValue={project?.businessModel ?? ''} required>
                <option value="" disabled>
                  Choose…
                </option>
                {BUSINESS_MODELS.map((m) => (
                  <option key={m} value={m}>
                    {LABELS.businessModel[m]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </div>

      <div className="card">
        <div className="card-header">
          <div>
            <h2>SMART goal</h2>
            <p>A measurable target, e.g. “test accuracy at least 0.90 by 31 May 2027”. Metric and threshold go together.</p>
          </div>
        </div>
        <div className="card-body form">
          {errors.goal ? (
            <p className="field-error" role="alert">
              {errors.goal}
            </p>
          ) : null}
          <Field id="goal.statement" label="Goal statement" error={errors['goal.statement']}>
            {(aria) => (
              <input {...aria} name="goal.statement" type="text" defaultValue={goal?.statement} maxLength={500} placeholder="Reach production-grade accuracy on the pilot customer’s data" />
            )}
          </Field>
          <div className="grid-3">
            <Field id="goal.metric" label="Metric" error={errors['goal.metric']} hint="e.g. test_accuracy, f1, auc">
              {(aria) => <input {...aria} name="goal.metric" type="text" defaultValue={goal?.metric ?? ''} maxLength={60} />}
            </Field>
            <Field id="goal.threshold" label="Threshold" error={errors['goal.threshold']} hint="The value to reach, e.g. 0.9">
              {(aria) => <input {...aria} name="goal.threshold" type="number" step="any" inputMode="decimal" defaultValue={goal?.threshold ?? ''} />}
            </Field>
            <Field id="goal.deadline" label="Deadline" error={errors['goal.deadline']}>
              {(aria) => <input {...aria} name="goal.deadline" type="date" defaultValue={goal?.deadline?.slice(0, 10) ?? ''} />}
            </Field>
          </div>
        </div>
      </div>

      <div className="actions">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : overriding ? 'Override and save' : editing ? 'Save changes' : 'Create project'}
        </button>
        <Link className="btn" href={project ? `/orgs/${orgId}/projects/${project.id}` : `/orgs/${orgId}/projects`}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
