import type { Metadata } from 'next';
import Link from 'next/link';
import { LABELS, roleAtLeast } from '@meridian/domain';
import { BurnupChart } from '../../../../../../components/progress/BurnupChart';
import { DependencyEditor } from '../../../../../../components/progress/DependencyEditor';
import { GanttChart } from '../../../../../../components/progress/GanttChart';
import { KanbanBoard } from '../../../../../../components/progress/KanbanBoard';
import { MilestoneStatusBadge } from '../../../../../../components/progress/MilestoneStatusBadge';
import { TaskForm } from '../../../../../../components/progress/TaskForm';
import { formatDate, PageHeader } from '../../../../../../components/ui';
import { load, requireMembership } from '../../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Progress' };

const STATUS_TONE = { MET: 'badge-success', UNMET: 'badge-danger', UNKNOWN: '' } as const;

export default async function ProjectProgressPage({ params }: { params: Promise<{ orgId: string; projectId: string }> }) {
  const { orgId, projectId } = await params;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const { project, plan, tasks, milestones, lifecycle, members } = await load(async (api) => {
    const [project, plan, tasks, milestones, lifecycle, members] = await Promise.all([
      api.projects.get(orgId, projectId),
      api.progress.plan(orgId, projectId),
      api.progress.tasks(orgId, projectId),
      api.progress.milestones(orgId, { projectId }),
      api.progress.lifecycle(orgId, projectId),
      api.team.members(orgId),
    ]);
    return { project, plan, tasks, milestones, lifecycle, members };
  });
  const today = new Date().toISOString().slice(0, 10);
  const titles = new Map(plan.tasks.map((t) => [t.id, t.title]));
  const base = `/orgs/${orgId}`;

  return (
    <>
      <PageHeader
        title={`${project.name}: progress`}
        crumbs={[
          { href: `${base}/projects`, label: 'Projects' },
          { href: `${base}/projects/${projectId}`, label: project.name },
        ]}
        description="Plan, critical path, board and burn-up of this project, with the lifecycle entry criteria checked against the platform’s data."
      />
      <div className="stack">
        <div className="grid-3">
          <div className="card stat">
            <div className="stat-label">Planned duration</div>
            <div className="stat-value">{plan.projectDuration} working days</div>
          </div>
          <div className="card stat">
            <div className="stat-label">Planned finish</div>
            <div className="stat-value">{plan.tasks.length ? formatDate(plan.endDate) : '—'}</div>
          </div>
          <div className="card stat">
            <div className="stat-label">Tasks done</div>
            <div className="stat-value">
              {tasks.filter((t) => t.status === 'DONE').length} / {tasks.length}
            </div>
          </div>
        </div>

        <section className="card" aria-labelledby="gantt-title">
          <div className="card-header">
            <div>
              <h2 id="gantt-title">Gantt chart</h2>
              <p>Earliest schedule on working days from {formatDate(plan.startDate)}; grey tails show slack.</p>
            </div>
            <span className="badge badge-danger badge-dot">Critical path</span>
          </div>
          <div className="card-body">
            <GanttChart plan={plan} today={today} />
            {plan.criticalPath.length ? (
              <p data-testid="critical-path" style={{ marginTop: 12 }}>
                <strong>Critical path ({plan.projectDuration} days):</strong> {plan.criticalPath.map((id) => titles.get(id) ?? id).join(' → ')}
              </p>
            ) : null}
          </div>
        </section>

        <section className="card" aria-labelledby="board-title">
          <div className="card-header">
            <div>
              <h2 id="board-title">Board</h2>
              <p>{canWrite ? 'Drag a card to another column, or use its arrows; moves are saved at once.' : 'Read-only: members can move cards.'}</p>
            </div>
          </div>
          <div className="card-body">
            <KanbanBoard key={tasks.map((t) => `${t.id}:${t.status}`).join(',')} orgId={orgId} projectId={projectId} tasks={tasks} criticalIds={plan.tasks.filter((t) => t.critical).map((t) => t.id)} canWrite={canWrite} />
          </div>
        </section>

        <div className="grid-2">
          <section className="card" aria-labelledby="burnup-title">
            <div className="card-header">
              <h2 id="burnup-title">Burn-up of done work</h2>
            </div>
            <div className="card-body">
              <BurnupChart points={plan.burnup} />
            </div>
          </section>
          <section className="card" aria-labelledby="ms-title">
            <div className="card-header">
              <h2 id="ms-title">Milestones</h2>
              <Link href={`${base}/milestones`}>All milestones</Link>
            </div>
            {milestones.length === 0 ? (
              <div className="card-body muted">No milestone for this project yet.</div>
            ) : (
              <ul className="list">
                {milestones.map((m) => (
                  <li key={m.id} className="list-row">
                    <div>
                      <div>{m.title}</div>
                      <div className="muted">
                        {m.goal.metric} {m.goal.direction === 'AT_LEAST' ? '≥' : '≤'} {m.goal.threshold} by {formatDate(m.goal.deadline)} · now {m.current ?? '—'} ({m.progressPct} %)
                      </div>
                    </div>
                    <MilestoneStatusBadge status={m.status} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <section className="card" aria-labelledby="stages-title">
          <div className="card-header">
            <div>
              <h2 id="stages-title">Lifecycle entry criteria</h2>
              <p>
                Current stage: <strong>{LABELS.stage[lifecycle.currentStage]}</strong>; the data supports entering up to <strong>{LABELS.stage[lifecycle.highestEnterableStage]}</strong>. Unknown means the platform
                cannot tell yet, and blocks entry like an unmet criterion.
              </p>
            </div>
          </div>
          <div className="card-body table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Stage</th>
                  <th scope="col">Criterion</th>
                  <th scope="col">Status</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {lifecycle.stages.flatMap((s) =>
                  s.criteria.map((c, i) => (
                    <tr key={c.id}>
                      <td>{i === 0 ? LABELS.stage[s.stage] : ''}</td>
                      <td>{c.description}</td>
                      <td>
                        <span className={`badge ${STATUS_TONE[c.status]}`}>{c.status === 'MET' ? 'Met' : c.status === 'UNMET' ? 'Not met' : 'Unknown'}</span>
                      </td>
                      <td className="muted">{c.reason}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </section>

        {canWrite && tasks.length ? (
          <section className="card" aria-labelledby="deps-title">
            <div className="card-header">
              <div>
                <h2 id="deps-title">Dependencies</h2>
                <p>Change what a task waits for; the critical path is recomputed. A change that would create a cycle is refused and nothing is saved.</p>
              </div>
            </div>
            <div className="card-body">
              <DependencyEditor orgId={orgId} projectId={projectId} tasks={tasks} />
            </div>
          </section>
        ) : null}

        {canWrite ? (
          <section className="card" aria-labelledby="add-task-title">
            <div className="card-header">
              <h2 id="add-task-title">Add a task</h2>
            </div>
            <div className="card-body">
              <TaskForm orgId={orgId} projectId={projectId} tasks={tasks} members={members.map((m) => ({ id: m.id, name: m.name }))} />
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
