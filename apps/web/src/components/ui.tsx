import Link from 'next/link';
import type { ReactNode } from 'react';
import { LABELS, PROJECT_STAGES, type ProjectStage, type ProjectView } from '@meridian/domain';

export function PageHeader(props: { title: string; description?: ReactNode; crumbs?: { href: string; label: string }[]; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {props.crumbs?.length ? (
          <nav className="breadcrumbs" aria-label="Breadcrumb">
            {props.crumbs.map((c) => (
              <span key={c.href}>
                <Link href={c.href}>{c.label}</Link> <span aria-hidden="true">/</span>
              </span>
            ))}
          </nav>
        ) : null}
        <h1>{props.title}</h1>
        {props.description ? <p>{props.description}</p> : null}
      </div>
      {props.actions ? <div className="actions">{props.actions}</div> : null}
    </header>
  );
}

const STAGE_TONE: Record<ProjectStage, string> = {
  PLANNING: '',
  DATA: 'badge-accent',
  DESIGN: 'badge-accent',
  TRAINING: 'badge-warning',
  EVALUATION: 'badge-warning',
  DEPLOYMENT: 'badge-success',
  MONITORING: 'badge-success',
};

export function StageBadge({ stage }: { stage: ProjectStage }) {
  return <span className={`badge badge-dot ${STAGE_TONE[stage]}`}>{LABELS.stage[stage]}</span>;
}

export function StageStepper({ stage }: { stage: ProjectStage }) {
  const index = PROJECT_STAGES.indexOf(stage);
  return (
    <ol className="stages" aria-label={`Lifecycle: ${LABELS.stage[stage]}, stage ${index + 1} of ${PROJECT_STAGES.length}`}>
      {PROJECT_STAGES.map((s, i) => (
        <li key={s} className={i < index ? 'done' : i === index ? 'current' : undefined} aria-current={i === index ? 'step' : undefined}>
          {LABELS.stage[s]}
        </li>
      ))}
    </ol>
  );
}

/** "test accuracy ≥ 0.9 by 31 May 2027": the SMART goal in one line, or null when it has no target yet. */
export function goalTarget(goal: ProjectView['goal']): string | null {
  if (!goal.metric && !goal.deadline) return null;
  const parts: string[] = [];
  if (goal.metric) parts.push(`${goal.metric} ≥ ${goal.threshold}`);
  if (goal.deadline) parts.push(`by ${formatDate(goal.deadline)}`);
  return parts.join(' ');
}

export function formatDate(value: string): string {
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;
}

export function EmptyState(props: { icon?: string; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-icon" aria-hidden="true">
        {props.icon ?? '∅'}
      </div>
      <h2>{props.title}</h2>
      {props.children}
      {props.action}
    </div>
  );
}
