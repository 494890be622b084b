// The Gantt chart of a project's plan as plain SVG (server-rendered, no chart library): one bar per
// task on its earliest schedule, finish-to-start links, and the critical path from the CPM in red.
import type { ProjectPlanView } from '@meridian/domain';
import { PLANNING_LABELS } from '@meridian/domain';

const DAY_MS = 86_400_000;
const dayNum = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const LABEL_W = 280;
const ROW_H = 30;
const HEAD_H = 28;
const CRITICAL = '#c62f2f';
const NORMAL = '#3b4fd8';

export function GanttChart({ plan, today }: { plan: ProjectPlanView; today: string }) {
  if (plan.tasks.length === 0) return <p className="muted">No tasks yet. Add tasks with estimates and dependencies to see the schedule.</p>;
  const start = dayNum(plan.startDate);
  const days = Math.max(1, dayNum(plan.endDate) - start + 1);
  const dayW = Math.max(10, Math.min(30, Math.floor(780 / days)));
  const width = LABEL_W + days * dayW + 16;
  const height = HEAD_H + plan.tasks.length * ROW_H + 8;
  const row = new Map(plan.tasks.map((t, i) => [t.id, i]));
  const x = (iso: string) => LABEL_W + (dayNum(iso) - start) * dayW;
  const barEnd = (iso: string) => x(iso) + dayW;
  const y = (i: number) => HEAD_H + i * ROW_H;
  const todayX = x(today);
  const weeks: number[] = [];
  for (let d = 0; d < days; d += 7) weeks.push(d);

  return (
    <div className="table-wrap">
      <svg
        data-testid="gantt"
        role="img"
        aria-label={`Gantt chart: ${plan.tasks.length} tasks from ${plan.startDate} to ${plan.endDate}; ${plan.tasks.filter((t) => t.critical).length} on the critical path`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        style={{ fontFamily: 'var(--font)', fontSize: 12, display: 'block' }}
      >
        <defs>
          <marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0,0 L8,4 L0,8 z" fill="#8a93a3" />
          </marker>
          <marker id="gantt-arrow-critical" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">
            <path d="M0,0 L8,4 L0,8 z" fill={CRITICAL} />
          </marker>
        </defs>
        {weeks.map((d) => {
          const date = new Date((start + d) * DAY_MS).toISOString().slice(5, 10);
          return (
            <g key={d}>
              <line x1={LABEL_W + d * dayW} x2={LABEL_W + d * dayW} y1={HEAD_H - 6} y2={height} stroke="#e2e5ea" />
              <text x={LABEL_W + d * dayW + 3} y={16} fill="#6b7482">
                {date}
              </text>
            </g>
          );
        })}
        {plan.tasks.map((t, i) => (
          <g key={t.id} data-task-id={t.id} data-critical={t.critical ? 'true' : 'false'} className={t.critical ? 'gantt-task gantt-critical' : 'gantt-task'}>
            <title>
              {`${t.title}: ${t.start} → ${t.end}, ${t.duration} working day(s), slack ${t.totalSlack}${t.critical ? ' (critical path)' : ''}, ${PLANNING_LABELS.taskStatus[t.status]}`}
            </title>
            {i % 2 === 0 ? <rect x={0} y={y(i)} width={width} height={ROW_H} fill="#f6f7f9" /> : null}
            <text x={8} y={y(i) + 19} fill={t.critical ? CRITICAL : '#161b22'} fontWeight={t.critical ? 600 : 400}>
              {t.status === 'DONE' ? '✓ ' : ''}
              {t.title.length > 40 ? `${t.title.slice(0, 39)}…` : t.title}
            </text>
            {t.totalSlack > 0 ? (
              <rect x={barEnd(t.end)} y={y(i) + 13} width={Math.max(0, t.totalSlack * dayW)} height={4} fill="#cdd2da" rx={2}>
                <title>{`${t.totalSlack} day(s) of slack`}</title>
              </rect>
            ) : null}
            <rect
              x={x(t.start)}
              y={y(i) + 6}
              width={Math.max(4, barEnd(t.end) - x(t.start))}
              height={ROW_H - 12}
              rx={4}
              fill={t.critical ? CRITICAL : NORMAL}
              opacity={t.status === 'DONE' ? 0.55 : 1}
              stroke={t.critical ? '#8f1f1f' : 'none'}
            />
          </g>
        ))}
        {plan.links.map((l) => {
          const a = row.get(l.from);
          const b = row.get(l.to);
          const from = plan.tasks[a ?? 0];
          const to = plan.tasks[b ?? 0];
          if (a === undefined || b === undefined) return null;
          const x1 = barEnd(from.end);
          const y1 = y(a) + ROW_H / 2;
          const x2 = x(to.start);
          const y2 = y(b) + ROW_H / 2;
          const mid = Math.max(x1 + 4, Math.min(x2 - 4, x1 + 6));
          return (
            <path
              key={`${l.from}-${l.to}`}
              data-critical={l.critical ? 'true' : 'false'}
              d={`M${x1},${y1} H${mid} V${y2} H${x2}`}
              fill="none"
              stroke={l.critical ? CRITICAL : '#8a93a3'}
              strokeWidth={l.critical ? 2 : 1}
              markerEnd={l.critical ? 'url(#gantt-arrow-critical)' : 'url(#gantt-arrow)'}
            />
          );
        })}
        {todayX >= LABEL_W && todayX <= width ? (
          <g>
            <line x1={todayX} x2={todayX} y1={HEAD_H - 6} y2={height} stroke="#161b22" strokeDasharray="3 3" />
            <text x={todayX + 3} y={HEAD_H - 8} fill="#161b22" fontWeight={600}>
              today
            </text>
          </g>
        ) : null}
      </svg>
    </div>
  );
}
