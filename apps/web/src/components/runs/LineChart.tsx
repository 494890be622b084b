// A plain SVG line chart: one or more series over steps, auto-scaled, with axis labels. No chart
// library: the curves are already downsampled on the server (LTTB).
export interface ChartSeries {
  label: string;
  color: string;
  points: Array<{ step: number; value: number }>;
}

const W = 560;
const H = 220;
const PAD = { l: 48, r: 12, t: 12, b: 28 };

function fmt(v: number): string {
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

export function LineChart({ series, title, xLabel = 'step' }: { series: ChartSeries[]; title: string; xLabel?: string }) {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return <p className="muted">No points yet for {title}.</p>;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of all) {
    x0 = Math.min(x0, p.step);
    x1 = Math.max(x1, p.step);
    y0 = Math.min(y0, p.value);
    y1 = Math.max(y1, p.value);
  }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) y1 = y0 + 1;
  const sx = (x: number) => PAD.l + ((x - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const sy = (y: number) => H - PAD.b - ((y - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${s.points.length ? fmt(s.points[s.points.length - 1].value) : ''}`).join(', ')}`}>
        <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} stroke="currentColor" opacity={0.3} />
        <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} stroke="currentColor" opacity={0.3} />
        {[y0, (y0 + y1) / 2, y1].map((v) => (
          <text key={v} x={PAD.l - 6} y={sy(v) + 4} fontSize={10} textAnchor="end" fill="currentColor" opacity={0.7}>
            {fmt(v)}
          </text>
        ))}
        {[x0, x1].map((v, i) => (
          // The first label starts at the axis and the last ends at the edge, so neither is clipped.
          <text key={v} x={sx(v)} y={H - 10} fontSize={10} textAnchor={i === 0 ? 'start' : 'end'} fill="currentColor" opacity={0.7}>
            {/* Steps and epochs are whole numbers: "2", not "2.00". */}
            {Number.isInteger(v) ? v.toLocaleString('en') : fmt(v)}
          </text>
        ))}
        <text x={(W + PAD.l) / 2} y={H - 1} fontSize={10} textAnchor="middle" fill="currentColor" opacity={0.6}>
          {xLabel}
        </text>
        {series.map((s) => (
          <polyline key={s.label} data-series={s.label} data-points={s.points.length} fill="none" stroke={s.color} strokeWidth={1.8} points={s.points.map((p) => `${sx(p.step).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ')} />
        ))}
      </svg>
      <figcaption className="muted" style={{ fontSize: '0.85rem' }}>
        {title}:{' '}
        {series.map((s) => (
          <span key={s.label} style={{ marginRight: '1rem' }}>
            <span style={{ color: s.color }}>■</span> {s.label}
            {s.points.length ? ` ${fmt(s.points[s.points.length - 1].value)}` : ''}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function ConfusionMatrix({ matrix, labels }: { matrix: number[][]; labels?: string[] }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <div className="table-wrap">
      <table aria-label="Confusion matrix (rows: true class, columns: predicted class)" style={{ borderCollapse: 'collapse', fontSize: '0.8rem' }}>
        <thead>
          <tr>
            <th scope="col">true \ pred</th>
            {matrix.map((_, j) => (
              <th key={j} scope="col">
                {labels?.[j] ?? j}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th scope="row">{labels?.[i] ?? i}</th>
              {row.map((v, j) => (
                <td key={j} style={{ textAlign: 'right', padding: '2px 6px', background: `rgba(${i === j ? '34,139,84' : '200,60,60'}, ${(v / max) * 0.6})` }}>
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
