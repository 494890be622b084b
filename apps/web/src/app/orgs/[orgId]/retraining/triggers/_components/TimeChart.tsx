// Production metric over time with the trigger thresholds drawn as dashed lines (plain SVG; the
// series is already downsampled on the server with LTTB).
const W = 640;
const H = 220;
const PAD = { l: 52, r: 12, t: 12, b: 30 };

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
const day = (ms: number) => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');

export function TimeChart({ title, points, thresholds }: { title: string; points: Array<{ t: string; v: number }>; thresholds: Array<{ label: string; value: number }> }) {
  if (!points.length) return <p className="muted">No {title} observations in range.</p>;
  const xs = points.map((p) => Date.parse(p.t));
  const x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  const ys = [...points.map((p) => p.v), ...thresholds.map((t) => t.value)];
  const y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  if (x1 === x0) x1 = x0 + 60_000;
  if (y1 === y0) y1 = y0 + 1;
  const sx = (x: number) => PAD.l + ((x - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const sy = (y: number) => H - PAD.b - ((y - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);
  const last = points[points.length - 1];
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title}: latest ${fmt(last.v)}${thresholds.length ? `, thresholds ${thresholds.map((t) => t.value).join(', ')}` : ''}`}>
        <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} stroke="currentColor" opacity={0.3} />
        <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} stroke="currentColor" opacity={0.3} />
        {[y0, (y0 + y1) / 2, y1].map((v) => (
          <text key={v} x={PAD.l - 6} y={sy(v) + 4} fontSize={10} textAnchor="end" fill="currentColor" opacity={0.7}>
            {fmt(v)}
          </text>
        ))}
        {[x0, x1].map((x, i) => (
          <text key={x} x={sx(x)} y={H - 10} fontSize={10} textAnchor={i ? 'end' : 'start'} fill="currentColor" opacity={0.7}>
            {day(x)} UTC
          </text>
        ))}
        {thresholds.map((t) => (
          <g key={`${t.label}-${t.value}`}>
            <line x1={PAD.l} x2={W - PAD.r} y1={sy(t.value)} y2={sy(t.value)} stroke="#c2410c" strokeDasharray="5 4" />
            <text x={W - PAD.r} y={sy(t.value) - 4} fontSize={10} textAnchor="end" fill="#c2410c">
              {t.label} {fmt(t.value)}
            </text>
          </g>
        ))}
        <polyline fill="none" stroke="#2563eb" strokeWidth={1.6} points={points.map((p) => `${sx(Date.parse(p.t))},${sy(p.v)}`).join(' ')} />
      </svg>
      <figcaption className="muted">
        {title}: {points.length} points, latest {fmt(last.v)} at {day(Date.parse(last.t))} UTC
      </figcaption>
    </figure>
  );
}
