'use client';
// Creates a SMART milestone: metric, threshold, direction, start, deadline and owner.
import { GOAL_DIRECTIONS, PLANNING_LABELS, type GoalDirection } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { FormError, useApiForm } from '../../lib/forms';

export function CreateMilestoneForm(props: { orgId: string; projects: { id: string; name: string }[]; members: { id: string; name: string }[] }) {
  const today = new Date().toISOString().slice(0, 10);
  // No known fields: every problem is shown above the form, as before.
  const { formError: error, busy, onSubmit } = useApiForm([], async (data) => {
    const baseline = String(data.get('baseline') ?? '');
    await browserApi.progress.createMilestone(props.orgId, {
      projectId: String(data.get('projectId')),
      title: String(data.get('title') ?? ''),
      ownerId: data.get('ownerId') ? String(data.get('ownerId')) : null,
      goal: {
        metric: String(data.get('metric') ?? ''),
        threshold: Number(data.get('threshold')),
        direction: String(data.get('direction')) as GoalDirection,
        startDate: String(data.get('startDate')),
        deadline: String(data.get('deadline')),
        baseline: baseline === '' ? null : Number(baseline),
      },
    });
  });
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Create a milestone">
      <FormError message={error} />
      <div className="form-row">
        <label className="field">
          <span className="label">Title</span>
          <input name="title" required maxLength={200} placeholder="Test accuracy of 0.90" />
        </label>
        <label className="field">
          <span className="label">Project</span>
          <select name="projectId" required>
            {props.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Metric</span>
          <input name="metric" required maxLength={60} placeholder="test_accuracy" />
        </label>
        <div className="form-row" style={{ gap: 8 }}>
          <label className="field">
            <span className="label">Direction</span>
            <select name="direction" defaultValue="AT_LEAST">
              {GOAL_DIRECTIONS.map((d) => (
                <option key={d} value={d}>
                  {PLANNING_LABELS.goalDirection[d]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="label">Threshold</span>
            <input name="threshold" type="number" step="any" required />
          </label>
        </div>
        <label className="field">
          <span className="label">Start</span>
          <input name="startDate" type="date" required defaultValue={today} />
        </label>
        <label className="field">
          <span className="label">Deadline</span>
          <input name="deadline" type="date" required />
        </label>
        <label className="field">
          <span className="label">Baseline (optional)</span>
          <input name="baseline" type="number" step="any" />
        </label>
        <label className="field">
          <span className="label">Owner</span>
          <select name="ownerId" defaultValue="">
            <option value="">No owner</option>
            {props.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy || !props.projects.length}>
          Create milestone
        </button>
      </div>
    </form>
  );
}
