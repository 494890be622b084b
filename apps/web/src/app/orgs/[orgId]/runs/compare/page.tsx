import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, PageHeader } from '../../../../../components/ui';
import { LineChart } from '../../../../../components/runs/LineChart';
import { load, requireMembership } from '../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Compare runs' };

const COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#b45309'];
const show = (v: unknown): string =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'number'
      ? String(Math.round(v * 10_000) / 10_000)
      : Array.isArray(v)
        ? v.length
          ? v.map(show).join(', ')
          : 'none'
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);

export default async function CompareRunsPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ ids?: string | string[] }> }) {
  const { orgId } = await params;
  const sp = await searchParams;
  await requireMembership(orgId);
  const ids = (Array.isArray(sp.ids) ? sp.ids : (sp.ids ?? '').split(',')).map((s) => s.trim()).filter(Boolean).slice(0, 20);
  const crumbs = [{ href: `/orgs/${orgId}/runs`, label: 'Training runs' }];
  if (ids.length < 2) {
    return (
      <>
        <PageHeader title="Compare runs" crumbs={crumbs} />
        <EmptyState title="Pick at least two runs">Tick two or more runs in the runs list, then choose Compare.</EmptyState>
      </>
    );
  }
  const cmp = await load((api) => api.runs.compare(orgId, ids, { maxPoints: 300 }));
  const color = (i: number) => COLORS[i % COLORS.length];
  return (
    <>
      <PageHeader title="Compare runs" crumbs={crumbs} description={`${cmp.runs.length} runs; curves downsampled on the server (LTTB, 300 points per series).`} />
      <div className="stack">
        {cmp.keys.map((key) => (
          <section key={key} className="card" aria-label={`Metric ${key}`}>
            <div className="card-body">
              <LineChart
                title={key}
                series={cmp.series.map((s, i) => ({ label: s.name, color: color(i), points: s.series.find((x) => x.key === key)?.points ?? [] }))}
              />
            </div>
          </section>
        ))}
        <section className="card" aria-label="Parameters">
          <div className="card-header">
            <h2>Parameters that differ</h2>
          </div>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Parameter</th>
                  {cmp.runs.map((r) => (
                    <th key={r.id}>
                      <Link href={`/orgs/${orgId}/runs/${r.id}`}>{r.name}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {cmp.paramDiff.length === 0 ? (
                  <tr>
                    <td colSpan={cmp.runs.length + 1} className="muted">
                      The runs share every parameter.
                    </td>
                  </tr>
                ) : (
                  cmp.paramDiff.map((p) => (
                    <tr key={p.name}>
                      <th scope="row">{p.name}</th>
                      {p.values.map((v, i) => (
                        <td key={i}>{show(v)}</td>
                      ))}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-label="Final metrics">
          <div className="card-header">
            <h2>Final metrics</h2>
          </div>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Metric</th>
                  {cmp.runs.map((r) => (
                    <th key={r.id}>{r.name}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {cmp.keys.map((k) => (
                  <tr key={k}>
                    <th scope="row">{k} (last)</th>
                    {cmp.finalMetrics.map((f) => (
                      <td key={f.runId}>{show(f.values[k])}</td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <th scope="row">test accuracy</th>
                  {cmp.finalMetrics.map((f) => (
                    <td key={f.runId}>{show((f.testMetrics as { accuracy?: number } | null)?.accuracy)}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}
