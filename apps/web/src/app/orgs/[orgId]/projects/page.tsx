import type { Metadata } from 'next';
import Link from 'next/link';
import { LABELS, roleAtLeast } from '@meridian/domain';
import { EmptyState, formatDate, goalTarget, PageHeader, StageBadge } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Projects' };

const PAGE_SIZE = 20;

export default async function ProjectsPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ after?: string }> }) {
  const { orgId } = await params;
  const { after } = await searchParams;
  const { membership } = await requireMembership(orgId);
  // `after` is the stack of cursors that led to this page, so "Previous" is one pop away.
  const trail = typeof after === 'string' && after ? after.split(',') : [];
  const cursor = trail[trail.length - 1] ?? null;
  const page = await load((api) => api.projects.list(orgId, { limit: PAGE_SIZE, cursor }));
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const base = `/orgs/${orgId}/projects`;
  const href = (stack: string[]) => (stack.length ? `${base}?after=${stack.map(encodeURIComponent).join(',')}` : base);

  return (
    <>
      <PageHeader
        title="Projects"
        description="Every AI initiative your company runs, with where it stands in its lifecycle and the goal it must hit."
        actions={
          canWrite ? (
            <Link className="btn btn-primary" href={`${base}/new`}>
              New project
            </Link>
          ) : null
        }
      />
      <section className="card" aria-label="Project list">
        {page.items.length === 0 && trail.length === 0 ? (
          <EmptyState
            icon="P"
            title="No projects yet"
            action={
              canWrite ? (
                <Link className="btn btn-primary" href={`${base}/new`}>
                  Create the first project
                </Link>
              ) : null
            }
          >
            <p>
              A project is one model-backed product or experiment: its lifecycle stage, startup mode, business model and a SMART goal. Datasets, runs,
              risks and costs will hang off it.
              {canWrite ? '' : ' Your role is viewer, so ask a member or admin to create one.'}
            </p>
          </EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Project</th>
                    <th scope="col">Stage</th>
                    <th scope="col">Business model</th>
                    <th scope="col">Goal</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <Link className="row-title" href={`${base}/${p.id}`}>
                          {p.name}
                        </Link>
                        {p.description ? <div className="row-sub">{p.description}</div> : null}
                      </td>
                      <td className="nowrap">
                        <StageBadge stage={p.stage} />
                      </td>
                      <td className="nowrap">
                        {LABELS.businessModel[p.businessModel]}
                        <div className="row-sub">{LABELS.startupMode[p.startupMode]}</div>
                      </td>
                      <td>{goalTarget(p.goal) ?? <span className="muted">Not set</span>}</td>
                      <td className="muted nowrap">{formatDate(p.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pagination" aria-label="Pages">
              <span>
                Page {trail.length + 1} · {page.items.length} project{page.items.length === 1 ? '' : 's'} shown
              </span>
              <span className="actions">
                {trail.length > 0 ? (
                  <Link className="btn btn-sm" href={href(trail.slice(0, -1))} rel="prev">
                    ← Previous
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link className="btn btn-sm" href={href([...trail, page.nextCursor])} rel="next">
                    Next →
                  </Link>
                ) : null}
              </span>
            </nav>
          </>
        )}
      </section>
    </>
  );
}
