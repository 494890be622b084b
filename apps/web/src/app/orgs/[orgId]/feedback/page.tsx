import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast, type ProjectView } from '@meridian/domain';
import type { FeedbackAnalyticsView } from '@meridian/sdk';
import { FeedbackKeys } from '../../../../components/feedback/FeedbackKeys';
import { NpsChart } from '../../../../components/feedback/NpsChart';
import { SurveyForm } from '../../../../components/feedback/SurveyForm';
import { DeleteItemButton } from '../../../../components/finance/DeleteItemButton';
import { EmptyState, PageHeader, formatDateTime } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'User feedback' };
export const dynamic = 'force-dynamic';

const SENTIMENT_BADGE = { POSITIVE: 'badge badge-success', NEUTRAL: 'badge', NEGATIVE: 'badge badge-danger' } as const;

export default async function FeedbackPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ project?: string; q?: string }> }) {
  const { orgId } = await params;
  const sp = await searchParams;
  const { membership } = await requireMembership(orgId);
  const canManage = roleAtLeast(membership.role, 'MEMBER');
  const data = await load(async (api) => {
    const projects = (await api.projects.list(orgId, { limit: 100 })).items as ProjectView[];
    if (projects.length === 0) return null;
    let project = projects.find((p) => p.id === sp.project);
    let analytics: FeedbackAnalyticsView | null = null;
    if (project) analytics = await api.feedback.analytics(orgId, project.id, { q: sp.q });
    else {
      // Default to the first project that has feedback, so the page opens on something to read.
      for (const p of projects) {
        const a = await api.feedback.analytics(orgId, p.id, { q: sp.q });
        if (!project || a.overall.responses > 0) {
          project = p;
          analytics = a;
        }
        if (a.overall.responses > 0) break;
      }
    }
    const [keys, surveys, models] = await Promise.all([
      api.feedback.keys.list(orgId, project!.id),
      api.feedback.surveys.list(orgId, project!.id),
      // Feedback names model versions by id (the API only accepts this project's); show their version numbers.
      api.models.list(orgId, { projectId: project!.id, limit: 200 }),
    ]);
    return { projects, project: project!, analytics: analytics!, keys, surveys, versions: new Map(models.items.map((m) => [m.id, m.version])) };
  });

  if (!data) {
    return (
      <>
        <PageHeader title="User feedback" />
        <section className="card">
          <EmptyState icon="☺" title="No projects yet">
            <p>Feedback belongs to a project. Create a project, then a feedback key for its widget.</p>
          </EmptyState>
        </section>
      </>
    );
  }
  const { projects, project, analytics: a, keys, surveys, versions } = data;
  const base = `/orgs/${orgId}/feedback`;
  return (
    <>
      <PageHeader title="User feedback" description="What the users of your models think: NPS, CSAT, thumbs and comments, with 95 % confidence intervals." />
      <nav aria-label="Project" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        {projects.map((p) => (
          <Link key={p.id} href={`${base}?project=${p.id}`} className={p.id === project.id ? 'btn btn-sm btn-primary' : 'btn btn-sm'} aria-current={p.id === project.id ? 'page' : undefined}>
            {p.name}
          </Link>
        ))}
      </nav>
      <div className="stack">
        {a.risks.map((r) => (
          <div key={r.dedupeKey} className={r.severity === 'HIGH' ? 'alert alert-error' : 'alert alert-warning'} role="status">
            {r.message}
          </div>
        ))}
        <div className="grid-3">
          <div className="card stat" data-testid="nps-stat">
            <div className="stat-label">NPS</div>
            <div className="stat-value" data-testid="nps-value">
              {a.overall.nps.nps ?? '—'}
            </div>
            <div className="muted">
              {a.overall.nps.n} responses · {a.overall.nps.promoters} promoters, {a.overall.nps.passives} passives, {a.overall.nps.detractors} detractors
              {a.overall.nps.ci && ` · 95 % CI ${a.overall.nps.ci.low} to ${a.overall.nps.ci.high}`}
            </div>
          </div>
          <div className="card stat">
            <div className="stat-label">CSAT</div>
            <div className="stat-value">{a.overall.csat.csat === null ? '—' : `${a.overall.csat.csat} %`}</div>
            <div className="muted">
              {a.overall.csat.satisfied} of {a.overall.csat.n} rated 4–5{a.overall.csat.ci && ` · 95 % CI ${a.overall.csat.ci.low}–${a.overall.csat.ci.high} %`}
            </div>
          </div>
          <div className="card stat">
            <div className="stat-label">Thumbs</div>
            <div className="stat-value">
              {a.overall.thumbsUp} up · {a.overall.thumbsDown} down
            </div>
            <div className="muted">{Math.round(a.overall.negativeShare * 100)} % of all responses negative</div>
          </div>
        </div>
        <div className="grid-2">
          <section className="card" aria-labelledby="nps-trend-title">
            <div className="card-header">
              <h2 id="nps-trend-title">NPS by week</h2>
            </div>
            <div className="card-body">
              <NpsChart weeks={a.weeks} title="NPS per ISO week with 95 % interval" testId="nps-trend" />
            </div>
          </section>
          <section className="card" aria-labelledby="csat-trend-title">
            <div className="card-header">
              <h2 id="csat-trend-title">CSAT by week</h2>
            </div>
            <div className="card-body">
              <NpsChart weeks={a.weeks} metric="csat" title="CSAT per ISO week with 95 % interval" />
            </div>
          </section>
        </div>
        <div className="grid-2">
          <section className="card" aria-labelledby="versions-title">
            <div className="card-header">
              <h2 id="versions-title">By model version</h2>
            </div>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Model version</th>
                    <th>Responses</th>
                    <th>NPS (95 % CI)</th>
                    <th>CSAT</th>
                    <th>Negative</th>
                  </tr>
                </thead>
                <tbody>
                  {a.modelVersions.map((v) => (
                    <tr key={v.key}>
                      <td>
                        {versions.has(v.key) ? (
                          <Link href={`/orgs/${orgId}/models/${v.key}`}>
                            v{versions.get(v.key)} <code className="muted">{v.key}</code>
                          </Link>
                        ) : (
                          <code>{v.key}</code>
                        )}
                      </td>
                      <td>{v.responses}</td>
                      <td>{v.nps.nps === null ? '—' : `${v.nps.nps} (${v.nps.ci?.low} to ${v.nps.ci?.high})`}</td>
                      <td>{v.csat.csat === null ? '—' : `${v.csat.csat} %`}</td>
                      <td>{Math.round(v.negativeShare * 100)} %</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="card" aria-labelledby="themes-title">
            <div className="card-header">
              <h2 id="themes-title">Themes in comments</h2>
            </div>
            <ul className="list">
              {a.themes.length === 0 && <li className="muted">Themes appear once a word comes up in two or more comments.</li>}
              {a.themes.map((t) => (
                <li key={t.keyword} className="list-row">
                  <Link href={`${base}?project=${project.id}&q=${encodeURIComponent(t.keyword)}`}>{t.keyword}</Link>
                  <span>
                    {t.count} comments <span className={t.sentiment > 0.2 ? 'badge badge-success' : t.sentiment < -0.2 ? 'badge badge-danger' : 'badge'}>{t.sentiment > 0 ? '+' : ''}{t.sentiment}</span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <section className="card" aria-labelledby="comments-title">
          <div className="card-header">
            <h2 id="comments-title">Comments</h2>
            <form method="get" action={base} role="search" style={{ display: 'flex', gap: 8 }}>
              <input type="hidden" name="project" value={project.id} />
              <input name="q" type="search" defaultValue={sp.q ?? ''} placeholder="Search comments" aria-label="Search comments" />
              <button className="btn btn-sm" type="submit">
                Search
              </button>
            </form>
          </div>
          <ul className="list" data-testid="comments">
            {a.comments.length === 0 && <li className="muted">{sp.q ? `No comment mentions “${sp.q}”.` : 'No comments yet.'}</li>}
            {a.comments.slice(0, 30).map((c) => (
              <li key={c.id} className="list-row">
                <span>
                  <span className={SENTIMENT_BADGE[c.sentiment.label]}>{c.sentiment.label.toLowerCase()}</span> {c.comment}
                  <div className="muted" style={{ fontSize: 12 }}>
                    {formatDateTime(c.createdAt)}
                    {c.nps !== null && ` · NPS ${c.nps}`}
                    {c.csat !== null && ` · CSAT ${c.csat}`}
                    {c.modelVersionId && ` · ${c.modelVersionId}`}
                    {c.predictionId && ` · prediction ${c.predictionId}`}
                  </div>
                </span>
              </li>
            ))}
          </ul>
        </section>
        <div className="grid-2">
          <section className="card" aria-labelledby="keys-title">
            <div className="card-header">
              <div>
                <h2 id="keys-title">Feedback keys and widget</h2>
                <p>A key lets a page post feedback to {project.name} only. Embed the widget with the snippet shown when you create or rotate a key.</p>
              </div>
            </div>
            <div className="card-body">
              <FeedbackKeys orgId={orgId} projectId={project.id} keys={keys} canManage={canManage} surveys={surveys} />
            </div>
          </section>
          <section className="card" aria-labelledby="surveys-title">
            <div className="card-header">
              <h2 id="surveys-title">Surveys</h2>
            </div>
            <ul className="list">
              {surveys.length === 0 && <li className="muted">No surveys defined.</li>}
              {surveys.map((s) => (
                <li key={s.id} className="list-row">
                  <span>
                    <strong>{s.name}</strong> <span className="muted">{s.question}</span>
                  </span>
                  <span className="nowrap">
                    <span className="badge">{s.kind}</span>
                    {canManage ? <DeleteItemButton orgId={orgId} item={{ kind: 'survey', id: s.id, projectId: project.id }} label={`the survey ${s.name}`} /> : null}
                  </span>
                </li>
              ))}
            </ul>
            {canManage && (
              <div className="card-body">
                <SurveyForm orgId={orgId} projectId={project.id} />
              </div>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
