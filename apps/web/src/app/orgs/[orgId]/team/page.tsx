import type { Metadata } from 'next';
import { CANDIDATE_STAGE_LABELS, CANDIDATE_STAGES, KPI_LABELS, roleAtLeast } from '@meridian/domain';
import { AddCandidateForm } from '../../../../components/team/AddCandidateForm';
import { AddPersonForm } from '../../../../components/team/AddPersonForm';
import { AllocationForm } from '../../../../components/team/AllocationForm';
import { CandidateMover } from '../../../../components/team/CandidateMover';
import { CloseRoleForm } from '../../../../components/team/CloseRoleForm';
import { EndAllocationButton } from '../../../../components/team/EndAllocationButton';
import { OpenRoleForm } from '../../../../components/team/OpenRoleForm';
import { RemoveMemberButton } from '../../../../components/team/RemoveMemberButton';
import { ReviewForm } from '../../../../components/team/ReviewForm';
import { ReviewPeriodForm } from '../../../../components/team/ReviewPeriodForm';
import { EmptyState, formatDate, PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Team' };

const kpiLabel = (k: string) => (KPI_LABELS as Record<string, string>)[k] ?? k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export default async function TeamPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  const canWrite = roleAtLeast(membership.role, 'MEMBER');
  // Removing people and recording reviews are admin actions in the API; the page offers them alike.
  const canAdmin = roleAtLeast(membership.role, 'ADMIN');
  const { members, workload, hiring, reviews, projects, roles } = await load(async (api) => {
    const [members, workload, hiring, reviews, projects, roles] = await Promise.all([
      api.team.members(orgId),
      api.team.workload(orgId),
      api.team.hiring(orgId),
      api.team.reviews(orgId),
      api.projects.listAll(orgId, 100),
      api.team.roles(orgId),
    ]);
    return { members, workload, hiring, reviews, projects, roles };
  });
  const openRoles = hiring.roles.filter((r) => r.status === 'OPEN');
  const closedRoles = hiring.roles.filter((r) => r.status !== 'OPEN');

  return (
    <>
      <PageHeader title="Team" description="Who is on the team, what they carry, who you are hiring and how the last review went." />
      <div className="stack">
        <div className="grid-3">
          <div className="card stat">
            <div className="stat-label">People</div>
            <div className="stat-value">{members.length}</div>
          </div>
          <div className="card stat">
            <div className="stat-label">Allocated over 100 %</div>
            <div className="stat-value" style={{ color: workload.overAllocatedCount ? 'var(--danger)' : undefined }}>
              {workload.overAllocatedCount}
            </div>
          </div>
          <div className="card stat">
            <div className="stat-label">Average time to hire</div>
            <div className="stat-value">{hiring.averageTimeToHireDays === null ? '—' : `${hiring.averageTimeToHireDays} days`}</div>
          </div>
        </div>

        <section className="card" aria-labelledby="people-title">
          <div className="card-header">
            <div>
              <h2 id="people-title">People and workload</h2>
              <p>Anyone whose allocations add up to more than 100 % is flagged; the hard cap is {workload.allocationCapPct} %.</p>
            </div>
          </div>
          {members.length === 0 ? (
            <EmptyState icon="T" title="No team members yet">
              <p>Add the people who work on your projects below, with or without a login.</p>
            </EmptyState>
          ) : (
            <div className="table-wrap">
              <table data-testid="team-table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Role</th>
                    <th scope="col">Skills (1–5)</th>
                    <th scope="col">Allocations</th>
                    <th scope="col">Total</th>
                    {canAdmin ? <th scope="col"><span className="sr-only">Actions</span></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.id} data-over={m.overAllocated ? 'true' : 'false'}>
                      <td>
                        <div>{m.name}</div>
                        <div className="muted">{m.title || (m.userId ? 'has a login' : 'no login')}</div>
                      </td>
                      <td>{m.roleLabel}</td>
                      <td>
                        {m.skills.map((s) => (
                          <span key={s.name} className="badge" style={{ marginRight: 4, marginBottom: 2 }} title={`level ${s.level} of 5`}>
                            {s.name} {'●'.repeat(s.level)}
                            {'○'.repeat(5 - s.level)}
                          </span>
                        ))}
                      </td>
                      <td>
                        {m.allocations.length ? (
                          m.allocations.map((a) => (
                            <div key={a.projectId}>
                              {a.projectName} <span className="muted">{a.percent} %</span>
                              {canWrite ? <EndAllocationButton orgId={orgId} memberId={m.id} memberName={m.name} projectId={a.projectId} projectName={a.projectName} /> : null}
                            </div>
                          ))
                        ) : (
                          <span className="muted">unallocated</span>
                        )}
                      </td>
                      <td className="nowrap">
                        {m.overAllocated ? (
                          <span className="badge badge-danger badge-dot" title="Allocated over 100 %">
                            {m.totalAllocationPct} % over-allocated
                          </span>
                        ) : (
                          <span>{m.totalAllocationPct} %</span>
                        )}
                      </td>
                      {canAdmin ? (
                        <td>
                          <RemoveMemberButton orgId={orgId} memberId={m.id} name={m.name} />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {canWrite && members.length ? (
            <div className="card-body">
              <AllocationForm orgId={orgId} members={members.map((m) => ({ id: m.id, name: m.name }))} projects={projects.map((p) => ({ id: p.id, name: p.name }))} capPct={workload.allocationCapPct} />
            </div>
          ) : null}
          {canWrite ? (
            <details className="card-body">
              <summary>Add a person</summary>
              <AddPersonForm orgId={orgId} roles={roles} />
            </details>
          ) : null}
        </section>

        <section className="card" aria-labelledby="hiring-title">
          <div className="card-header">
            <div>
              <h2 id="hiring-title">Hiring pipeline</h2>
              <p>
                {openRoles.length} open role(s); {hiring.filledCount} filled
                {hiring.averageTimeToHireDays !== null ? `, in ${hiring.averageTimeToHireDays} days on average from opening to hire` : ''}.
              </p>
            </div>
          </div>
          <div className="card-body stack">
            {hiring.roles.length === 0 ? <p className="muted">No roles yet.{canWrite ? ' Open one below.' : ''}</p> : null}
            {[...openRoles, ...closedRoles].map((r) => (
              <div key={r.id} style={{ borderTop: '1px solid var(--border)', paddingTop: 12 }}>
                <h3 style={{ margin: '0 0 4px' }}>
                  {r.title}{' '}
                  {r.status === 'FILLED' ? (
                    <span className="badge badge-success">Filled in {r.timeToHireDays} days</span>
                  ) : r.status === 'CLOSED' ? (
                    <span className="badge">Closed without a hire on {formatDate(r.closedAt ?? r.openedAt)}</span>
                  ) : (
                    <span className="badge badge-accent">Open since {formatDate(r.openedAt)}</span>
                  )}
                </h3>
                <ol className="stages" aria-label={`${r.title}: candidates per stage`}>
                  {CANDIDATE_STAGES.map((s) => (
                    <li key={s} className={r.stageCounts[s] ? 'current' : undefined}>
                      <div>{CANDIDATE_STAGE_LABELS[s]}</div>
                      <div className="stat-value" style={{ fontSize: 18 }}>
                        {r.stageCounts[s]}
                      </div>
                    </li>
                  ))}
                </ol>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Candidate</th>
                        <th scope="col">Stage</th>
                        <th scope="col">History</th>
                        {canWrite && !r.closedAt ? <th scope="col">Move</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {r.candidates.map((c) => (
                        <tr key={c.id}>
                          <td>
                            {c.name}
                            <div className="muted">applied {formatDate(c.appliedAt)}</div>
                          </td>
                          <td>
                            <span className={`badge ${c.stage === 'HIRED' ? 'badge-success' : c.stage === 'REJECTED' ? 'badge-danger' : 'badge-accent'}`}>{CANDIDATE_STAGE_LABELS[c.stage]}</span>
                          </td>
                          <td className="muted" style={{ fontSize: 12 }}>
                            {c.events.map((e, i) => (
                              <div key={i}>
                                {formatDate(e.at)} · {CANDIDATE_STAGE_LABELS[e.stage]}
                                {e.note ? ` — ${e.note}` : ''}
                              </div>
                            ))}
                          </td>
                          {canWrite && !r.closedAt ? (
                            <td>{c.stage === 'HIRED' || c.stage === 'REJECTED' ? <span className="muted">closed</span> : <CandidateMover orgId={orgId} candidateId={c.id} name={c.name} stage={c.stage} />}</td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {canWrite && !r.closedAt ? <AddCandidateForm orgId={orgId} roleId={r.id} roleTitle={r.title} /> : null}
                {canWrite && !r.closedAt ? <CloseRoleForm orgId={orgId} roleId={r.id} roleTitle={r.title} /> : null}
              </div>
            ))}
          </div>
          {canWrite ? (
            <details className="card-body">
              <summary>Open a role</summary>
              <OpenRoleForm orgId={orgId} roles={roles} />
            </details>
          ) : null}
        </section>

        <section className="card" aria-labelledby="reviews-title">
          <div className="card-header">
            <div>
              <h2 id="reviews-title">Reviews</h2>
              <p>KPI scores from 1 to 5 per person and period, and the team roll-up.</p>
            </div>
          </div>
          <div className="card-body stack">
            {reviews.length === 0 ? <p className="muted">No review period yet.{canAdmin ? ' Open one below.' : ''}</p> : null}
            {reviews.map((p) => {
              const kpis = p.rollup.map((r) => r.kpi);
              return (
                <div key={p.id}>
                  <h3 style={{ margin: '0 0 8px' }}>
                    {p.name} <span className="muted">({formatDate(p.startDate)} – {formatDate(p.endDate)})</span>
                    {p.teamAverage !== null ? <span className="badge badge-accent" style={{ marginLeft: 8 }}>Team average {p.teamAverage}</span> : null}
                  </h3>
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">Person</th>
                          {kpis.map((k) => (
                            <th key={k} scope="col">
                              {kpiLabel(k)}
                            </th>
                          ))}
                          <th scope="col">Average</th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.reviews.map((r) => (
                          <tr key={r.id}>
                            <td>
                              {r.memberName}
                              {r.notes ? <div className="muted" style={{ fontSize: 12 }}>{r.notes}</div> : null}
                            </td>
                            {kpis.map((k) => (
                              <td key={k}>{r.scores.find((s) => s.kpi === k)?.score ?? '—'}</td>
                            ))}
                            <td>{r.average}</td>
                          </tr>
                        ))}
                        <tr style={{ fontWeight: 600 }}>
                          <td>Team roll-up</td>
                          {p.rollup.map((r) => (
                            <td key={r.kpi}>{r.average}</td>
                          ))}
                          <td>{p.teamAverage ?? '—'}</td>
                        </tr>
                      </tbody>
                    </table>
                  </div>
                </div>
              );
            })}
          </div>
          {canAdmin && reviews.length && members.length ? (
            <details className="card-body" open={reviews.every((p) => p.reviews.length === 0)}>
              <summary>Record a review</summary>
              <ReviewForm orgId={orgId} periods={reviews.map((p) => ({ id: p.id, name: p.name }))} members={members.map((m) => ({ id: m.id, name: m.name }))} />
            </details>
          ) : null}
          {canAdmin ? (
            <details className="card-body">
              <summary>Open a review period</summary>
              <ReviewPeriodForm orgId={orgId} />
            </details>
          ) : null}
        </section>
      </div>
    </>
  );
}
