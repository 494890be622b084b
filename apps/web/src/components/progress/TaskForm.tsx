'use client';
// Adds a task with an estimate and dependencies; a cycle or unknown dependency comes back as the
// API's 400 and is shown as is (nothing was saved).
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import type { TaskView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function TaskForm(props: { orgId: string; projectId: string; tasks: TaskView[]; members: { id: string; name: string }[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      await browserApi.progress.createTask(props.orgId, props.projectId, {
        title: String(data.get('title') ?? ''),
        estimate: Number(data.get('estimate')),
        assigneeId: data.get('assigneeId') ? String(data.get('assigneeId')) : null,
        dependsOn: data.getAll('dependsOn').map(String),
      });
      form.reset();
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Add a task">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
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
