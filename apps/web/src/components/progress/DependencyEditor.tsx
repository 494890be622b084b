'use client';
// Replaces one task's dependencies. A cycle comes back as the API's 400 naming the tasks in order,
// shown as is; the plan is unchanged because the API saved nothing.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import type { TaskView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function DependencyEditor(props: { orgId: string; projectId: string; tasks: TaskView[] }) {
  const router = useRouter();
  const [taskId, setTaskId] = useState(props.tasks[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const task = props.tasks.find((t) => t.id === taskId);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!task) return;
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const updated = await browserApi.progress.updateTask(props.orgId, props.projectId, task.id, { dependsOn: data.getAll('dependsOn').map(String) });
      setSaved(`Saved: "${updated.title}" now depends on ${updated.dependsOn.length} task(s).`);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }

  if (!task) return <p className="muted">No tasks yet.</p>;
  return (
    <form className="form" onSubmit={submit} aria-label="Edit dependencies">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {saved ? (
        <div className="alert alert-success" role="status">
          {saved}
        </div>
      ) : null}
      <div className="form-row">
        <label className="field">
          <span className="label">Task</span>
          <select name="taskId" value={taskId} onChange={(e) => setTaskId(e.target.value)}>
            {props.tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Starts after (finish-to-start)</span>
          <select key={task.id} name="dependsOn" multiple size={Math.min(8, props.tasks.length)} defaultValue={task.dependsOn}>
            {props.tasks
              .filter((t) => t.id !== task.id)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
          </select>
        </label>
      </div>
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          Save dependencies
        </button>
      </div>
    </form>
  );
}
