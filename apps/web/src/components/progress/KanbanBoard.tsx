'use client';
// Kanban over the task statuses: drag a card to a column, or use its arrow buttons (keyboard and
// touch friendly). Every move is saved through the API; a refused move puts the card back.
import { useState, type DragEvent } from 'react';
import { useRouter } from 'next/navigation';
import { PLANNING_LABELS, TASK_STATUSES, type TaskStatus, type TaskView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';
import { DeleteTaskButton } from './DeleteTaskButton';

export function KanbanBoard(props: { orgId: string; projectId: string; tasks: TaskView[]; criticalIds: string[]; canWrite: boolean }) {
  const router = useRouter();
  const [tasks, setTasks] = useState(props.tasks);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [over, setOver] = useState<TaskStatus | null>(null);
  const critical = new Set(props.criticalIds);

  async function move(task: TaskView, status: TaskStatus) {
    if (task.status === status) return;
    const before = tasks;
    setTasks((ts) => ts.map((t) => (t.id === task.id ? { ...t, status } : t)));
    setBusy(task.id);
    setError(null);
    try {
      await browserApi.progress.updateTask(props.orgId, props.projectId, task.id, { status });
      router.refresh();
    } catch (err) {
      setTasks(before);
      setError(`${task.title}: ${describeError(err, []).form}`);
    } finally {
      setBusy(null);
    }
  }

  function onDrop(e: DragEvent<HTMLDivElement>, status: TaskStatus) {
    e.preventDefault();
    setOver(null);
    const task = tasks.find((t) => t.id === e.dataTransfer.getData('text/plain'));
    if (task) void move(task, status);
  }

  return (
    <div>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <div data-testid="kanban" style={{ display: 'grid', gridTemplateColumns: `repeat(${TASK_STATUSES.length}, minmax(170px, 1fr))`, gap: 12, overflowX: 'auto' }}>
        {TASK_STATUSES.map((status, col) => {
          const items = tasks.filter((t) => t.status === status);
          return (
            <div
              key={status}
              data-column={status}
              aria-label={`${PLANNING_LABELS.taskStatus[status]}: ${items.length} task(s)`}
              onDragOver={(e) => {
                if (!props.canWrite) return;
                e.preventDefault();
                setOver(status);
              }}
              onDragLeave={() => setOver((o) => (o === status ? null : o))}
              onDrop={(e) => onDrop(e, status)}
              style={{ background: over === status ? 'var(--accent-soft)' : 'var(--surface-2)', borderRadius: 8, padding: 8, minHeight: 120 }}
            >
              <h3 style={{ fontSize: 13, margin: '2px 4px 8px' }}>
                {PLANNING_LABELS.taskStatus[status]} <span className="muted">{items.length}</span>
              </h3>
              {items.map((t) => (
                <article
                  key={t.id}
                  data-task-id={t.id}
                  draggable={props.canWrite && busy === null}
                  onDragStart={(e) => e.dataTransfer.setData('text/plain', t.id)}
                  style={{
                    background: 'var(--surface)',
                    border: `1px solid ${critical.has(t.id) ? '#c62f2f' : 'var(--border)'}`,
                    borderLeftWidth: critical.has(t.id) ? 4 : 1,
                    borderRadius: 6,
                    padding: 8,
                    marginBottom: 8,
                    opacity: busy === t.id ? 0.6 : 1,
                    cursor: props.canWrite ? 'grab' : 'default',
                  }}
                >
                  <div style={{ fontWeight: 600, fontSize: 13 }}>{t.title}</div>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {t.estimate} d · {t.assigneeName ?? 'unassigned'}
                    {critical.has(t.id) ? ' · critical' : ''}
                  </div>
                  {props.canWrite ? (
                    <div className="actions" style={{ marginTop: 6, gap: 4, flexWrap: 'wrap' }}>
                      {col > 0 ? (
                        <button type="button" className="btn btn-sm" disabled={busy !== null} aria-label={`Move ${t.title} to ${PLANNING_LABELS.taskStatus[TASK_STATUSES[col - 1]]}`} onClick={() => void move(t, TASK_STATUSES[col - 1])}>
                          ←
                        </button>
                      ) : null}
                      {col < TASK_STATUSES.length - 1 ? (
                        <button type="button" className="btn btn-sm" disabled={busy !== null} aria-label={`Move ${t.title} to ${PLANNING_LABELS.taskStatus[TASK_STATUSES[col + 1]]}`} onClick={() => void move(t, TASK_STATUSES[col + 1])}>
                          →
                        </button>
                      ) : null}
                      <DeleteTaskButton
                        orgId={props.orgId}
                        projectId={props.projectId}
                        taskId={t.id}
                        title={t.title}
                        disabled={busy !== null}
                        onDeleted={() => {
                          // Other cards lose their link to this one too (detach); the refreshed plan shows it.
                          setTasks((ts) => ts.filter((x) => x.id !== t.id).map((x) => ({ ...x, dependsOn: x.dependsOn.filter((d) => d !== t.id) })));
                          router.refresh();
                        }}
                      />
                    </div>
                  ) : null}
                </article>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
