import type { Metadata } from 'next';
import Link from 'next/link';
import { LABELS, roleAtLeast } from '@meridian/domain';
import { DeleteProjectButton } from '../../../../../components/DeleteProjectButton';
import { ExportPanel } from '../../../../../components/ExportPanel';
import { formatDate, formatDateTime, PageHeader, StageBadge, StageStepper } from '../../../../../components/ui';
import { load, requireMembership } from '../../../../../lib/server-api';

export async function generateMetadata({ params }: { params: Promise<{ orgId: string; projectId: string }> }): Promise<Metadata> {
  const { orgId, projectId } = await params;
  const project = await load((api) => api.projects.get(orgId, projectId));
  return { title: project.name };
}

export default async function ProjectPage({ params }: { params: Promise<{ orgId: string; projectId: string }> }) {
  const { orgId, projectId } = await params;
  const { membership } = await requireMembership(orgId);
  const project = await load((api) => api.projects.get(orgId, projectId));
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const goal = project.goal;
  const hasGoal = Boolean(goal.statement || goal.metric || goal.deadline);

  return (
    <>
      <PageHeader
        title={project.name}
        crumbs={[{ href: `/orgs/${orgId}/projects`, label: 'Projects' }]}
        description={project.description || undefined}
        actions={
          canWrite ? (
            <>
              <Link className="btn" href={`/orgs/${orgId}/projects/${project.id}/edit`}>
                Edit
              </Link>
              <DeleteProjectButton orgId={orgId} projectId={project.id} projectName={project.name} />
            </>
          ) : null
        }
      />
      <div className="stack">
        <section className="card" aria-labelledby="lifecycle-title">
          <div className="card-header">
            <h2 id="lifecycle-title">Lifecycle</h2>
            <Link href={`/orgs/${orgId}/projects/${project.id}/progress`}>Plan, board and entry criteria</Link>
            <StageBadge stage={project.stage} />
          </div>
          <div className="card-body">
            <StageStepper stage={project.stage} />
          </div>
        </section>

        <div className="grid-2">
          <section className="card" aria-labelledby="profile-title">
            <div className="card-header">
              <h2 id="profile-title">Profile</h2>
            </div>
            <div className="card-body">
              <dl className="dl">
                <dt>Startup mode</dt>
                <dd>{LABELS.startupMode[project.startupMode]}</dd>
                <dt>Business model</dt>
                <dd>{LABELS.businessModel[project.businessModel]}</dd>
                <dt>Created</dt>
                <dd>{formatDateTime(project.createdAt)}</dd>
                <dt>Last updated</dt>
                <dd>{formatDateTime(project.updatedAt)}</dd>
              </dl>
            </div>
          </section>

          <section className="card" aria-labelledby="goal-title">
            <div className="card-header">
              <h2 id="goal-title">SMART goal</h2>
            </div>
            <div className="card-body">
              {hasGoal ? (
                <dl className="dl">
                  <dt>Statement</dt>
                  <dd>{goal.statement || <span className="muted">No statement</span>}</dd>
                  <dt>Metric</dt>
                  <dd>{goal.metric ? <code>{goal.metric}</code> : <span className="muted">Not measured yet</span>}</dd>
                  <dt>Threshold</dt>
                  <dd>{goal.threshold ?? <span className="muted">—</span>}</dd>
                  <dt>Deadline</dt>
                  <dd>{goal.deadline ? formatDate(goal.deadline) : <span className="muted">No deadline</span>}</dd>
                </dl>
              ) : (
                <p className="muted">
                  No goal yet. A measurable goal (a metric, a threshold and a deadline) lets Meridian check model promotions against it.
                  {canWrite ? (
                    <>
                      {' '}
                      <Link href={`/orgs/${orgId}/projects/${project.id}/edit`}>Set a goal</Link>.
                    </>
                  ) : null}
                </p>
              )}
            </div>
          </section>
        </div>

        <ExportPanel orgId={orgId} projectId={project.id} projectName={project.name} canWrite={canWrite} />
      </div>
    </>
  );
}
