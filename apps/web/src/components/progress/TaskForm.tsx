'use client';
// Adds a task with an estimate and dependencies; a cycle or unknown dependency comes back as the
// API's 400 and is shown as is (nothing was saved).
import type { TaskView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { FormError, useApiForm } from '../../lib/forms';

export function TaskForm(props: { orgId: string; projectId: string; tasks: TaskView[]; members: { id: string; name: string }[] }) {
  // No known fields: a cycle or an unknown dependency is about the whole plan, shown above the form.
  const { formError: error, busy, onSubmit } = useApiForm([], async (data) => {
    await browserApi.progress.createTask(props.orgId, props.projectId, {
      title: String(data.get('title') ?? ''),
      estimate: Number(data.get('estimate')),
      assigneeId: data.get('assigneeId') ? String(data.get('assigneeId')) : null,
      dependsOn: data.getAll('dependsOn').map(String),
    });
  });

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add a task">
      <FormError message={error} />
      <div className="form-row">
        <label className="field">
          <span className="label">Title</span>
          <input name="title" required maxLength={200} />
        </label>
        <label className="field">
          <span className="label">Estimate (working days)</span>
          <input name="estimate" type="number" min={0} step={0.5} required defaultValue={1} />
        </label>
        <label className="field">
          <span className="label">Assignee</span>
          <select name="assigneeId" defaultValue="">
            <option value="">Unassigned</option>
            {props.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {props.tasks.length ? (
        <label className="field">
          <span className="label">Depends on (finish-to-start)</span>
          <select name="dependsOn" multiple size={Math.min(6, props.tasks.length)}>
            {props.tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add task'}
        </button>
      </div>
    </form>
  );
}
