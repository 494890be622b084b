import { PLANNING_LABELS, type MilestoneStatus } from '@meridian/domain';

const TONE: Record<MilestoneStatus, string> = { ACHIEVED: 'badge-success', ON_TRACK: 'badge-accent', AT_RISK: 'badge-warning', MISSED: 'badge-danger' };

export function MilestoneStatusBadge({ status }: { status: MilestoneStatus }) {
  return <span className={`badge badge-dot ${TONE[status]}`}>{PLANNING_LABELS.milestoneStatus[status]}</span>;
}
