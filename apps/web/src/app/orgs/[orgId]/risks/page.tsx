import type { Metadata } from 'next';
import Link from 'next/link';
import { RISK_CATEGORIES, RISK_LABELS, RISK_LEVELS, RISK_STATUSES, roleAtLeast, type RiskCategory, type RiskLevel, type RiskStatus } from '@meridian/domain';
import { EmptyState, formatDate, PageHeader } from '../../../../components/ui';
import { HeatMap, LevelBadge, riskStyles } from '../../../../components/risks/ui';
import { NewRiskForm } from '../../../../components/risks/NewRiskForm';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Risks' };

type Search = { projectId?: string; status?: string; category?: string; level?: string; overdue?: string; view?: string; cell?: string; cursor?: string };

const pick = <T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined => (v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined);

export default async function RisksPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<Search> }) {
  const { orgId } = await params;
  const sp = await searchParams;
  const { membership } = await requireMembership(orgId);
  const residual = sp.view === 'residual';
  const filters = {
    projectId: sp.projectId || undefined,
    status: pick<RiskStatus>(sp.status, RISK_STATUSES),
    category: pick<RiskCategory>(sp.category, RISK_CATEGORIES),
    level: pick<RiskLevel>(sp.level, RISK_LEVELS),
    overdue: sp.overdue === 'true' ? true : undefined,
  };
  // One keyset page of the register (most severe first); `cursor` is the API's nextCursor.
  const cursor = sp.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(sp.cursor) ? sp.cursor : undefined;
  // A heat-map cell is a filter of the API (not of this page's rows), so it holds across pages.
  const [cellL, cellI] = (sp.cell ?? '').split('-').map(Number);
  const cell = cellL >= 1 && cellL <= 5 && cellI >= 1 && cellI <= 5 ? { likelihood: cellL, impact: cellI, residual } : {};
  const [list, map, projects, members] = await Promise.all([
    load((api) => api.risks.list(orgId, { ...filters, ...cell, limit: 50, cursor })),
    load((api) => api.risks.heatMap(orgId, { projectId: filters.projectId, residual })),
    load((api) => api.projects.list(orgId, { limit: 100 })),
    load((api) => api.members.list(orgId)),
  ]);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  const base = `/orgs/${orgId}/risks`;
  const link = (over: Partial<Search>) => {
    const q = new URLSearchParams();
    // A changed filter starts again at the first page; only the "next page" link carries a cursor.
    for (const [k, v] of Object.entries({ ...sp, cursor: undefined, ...over })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const items = list.items;

  return (
    <>
      <PageHeader
        title="Risks"
        description="The risk register: every project's risks scored by likelihood × impact, who owns them, what is being done, and when they are next reviewed."
        actions={canWrite ? <NewRiskForm orgId={orgId} projects={projects.items.map((p) => ({ id: p.id, name: p.name }))} members={members.map((m) => ({ userId: m.userId, name: m.name }))} /> : null}
      />
      {list.overdueCount > 0 ? (
        <div className="alert alert-warning" role="status" style={{ marginBottom: '1rem' }}>
          {list.overdueCount} risk review{list.overdueCount === 1 ? ' is' : 's are'} overdue.{' '}
          <Link href={link({ overdue: 'true' })}>Show only overdue</Link>
        </div>
      ) : null}
      <div className="stack">
        <section className="card" aria-label="Heat map">
          <div className="card-header">
            <h2>Heat map · {residual ? 'residual' : 'inherent'}</h2>
            <span className="actions">
              <Link className={`btn btn-sm ${residual ? '' : 'btn-primary'}`} href={link({ view: undefined, cell: undefined })} aria-current={residual ? undefined : 'page'}>
                Inherent
              </Link>
              <Link className={`btn btn-sm ${residual ? 'btn-primary' : ''}`} href={link({ view: 'residual', cell: undefined })} aria-current={residual ? 'page' : undefined}>
                Residual
              </Link>
            </span>
          </div>
          <div className="card-body">
            <HeatMap map={map} hrefFor={(l, i) => link({ cell: `${l}-${i}` })} />
            <p className="muted">
              {map.total} open risk{map.total === 1 ? '' : 's'}: {RISK_LEVELS.map((l) => `${map.byLevel[l]} ${RISK_LABELS.level[l].toLowerCase()}`).join(', ')}.
            </p>
          </div>
        </section>

        <section className="card" aria-label="Register">
          <form className={`card-body ${riskStyles.filters}`} method="get" action={base}>
            <label>
              Project
              <select name="projectId" defaultValue={filters.projectId ?? ''}>
                <option value="">All projects</option>
                {projects.items.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Status
              <select name="status" defaultValue={filters.status ?? ''}>
                <option value="">Open</option>
                {RISK_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {RISK_LABELS.status[s]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Category
              <select name="category" defaultValue={filters.category ?? ''}>
                <option value="">All</option>
                {RISK_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {RISK_LABELS.category[c]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Level
              <select name="level" defaultValue={filters.level ?? ''}>
                <option value="">All</option>
                {RISK_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {RISK_LABELS.level[l]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Reviews
              <select name="overdue" defaultValue={filters.overdue ? 'true' : ''}>
                <option value="">All</option>
                <option value="true">Overdue only</option>
              </select>
            </label>
            {residual ? <input type="hidden" name="view" value="residual" /> : null}
            <button type="submit" className="btn btn-sm">
              Filter
            </button>
            {sp.cell ? (
              <Link className="btn btn-sm" href={link({ cell: undefined })}>
                Clear cell L{cellL}×I{cellI}
              </Link>
            ) : null}
          </form>
          {items.length === 0 ? (
            <EmptyState icon="R" title="No risks match">
              <p>
                {list.items.length === 0 && !Object.values(filters).some(Boolean)
                  ? 'Nothing has been recorded yet. Add the risks you know about; Meridian adds its own when an audit fails.'
                  : 'No risk matches these filters.'}
              </p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Risk</th>
                    <th scope="col">Level</th>
                    <th scope="col">Residual</th>
                    <th scope="col">Status</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Review</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link className="row-title" href={`${base}/${r.id}`}>
                          {r.title}
                        </Link>
                        <div className="row-sub">
                          {r.projectName} · {RISK_LABELS.category[r.category]}
                          {r.source !== 'MANUAL' ? ' · raised by Meridian' : ''}
                        </div>
                      </td>
                      <td className="nowrap">
                        <LevelBadge level={r.level} score={r.score} />
                      </td>
                      <td className="nowrap">
                        <LevelBadge level={r.residualLevel} score={r.residualScore} />
                      </td>
                      <td className="nowrap">{RISK_LABELS.status[r.status]}</td>
                      <td className="nowrap">{r.ownerName ?? <span className="muted">Unowned</span>}</td>
                      <td className="nowrap">
                        {r.reviewDate ? formatDate(r.reviewDate) : <span className="muted">—</span>}
                        {r.overdue ? (
                          <div className={riskStyles.overdue} data-overdue="true">
                            {r.overdue.reason === 'PAST_REVIEW_DATE' ? `Overdue by ${r.overdue.daysOverdue} day${r.overdue.daysOverdue === 1 ? '' : 's'}` : 'No review date'}
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {cursor || list.nextCursor ? (
            <nav className="card-body" aria-label="Register pages" style={{ display: 'flex', gap: '1rem' }}>
              {cursor ? <Link href={link({})}>First page</Link> : null}
              {list.nextCursor ? (
                <Link href={link({ cursor: list.nextCursor })} rel="next">
                  Next page
                </Link>
              ) : (
                <span className="muted">Last page</span>
              )}
            </nav>
          ) : null}
        </section>

        <section className="card" aria-label="Compliance by project">
          <div className="card-header">
            <h2>AI Act tier and compliance checklists</h2>
          </div>
          <ul className="list card-body">
            {projects.items.map((p) => (
              <li key={p.id} className="list-row">
                <Link href={`${base}/projects/${p.id}`}>{p.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
