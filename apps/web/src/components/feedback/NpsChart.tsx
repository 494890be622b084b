// NPS (or CSAT) per ISO week as a line with its 95 % interval as a band. SVG, no dependencies.
import type { SatisfactionGroupView } from '@meridian/sdk';

const W = 640;
const H = 200;
const P = { l: 40, r: 12, t: 10, b: 26 };

export function NpsChart({ weeks, metric = 'nps', title, testId }: { weeks: SatisfactionGroupView[]; metric?: 'nps' | 'csat'; title: string; testId?: string }) {
  const pts = weeks
    .map((w) => {
      const s = metric === 'nps' ? w.nps : w.csat;
      const v = metric === 'nps' ? w.nps.nps : w.csat.csat;
      return v === null ? null : { key: w.key, v, lo: s.ci?.low ?? v, hi: s.ci?.high ?? v, n: s.n };
    })
    .filter((p): p is { key: string; v: number; lo: number; hi: number; n: number } => p !== null);
  const [min, max] = metric === 'nps' ? [-100, 100] : [0, 100];
  const y = (v: number) => H - P.b - ((v - min) / (max - min)) * (H - P.t - P.b);
  const step = (W - P.l - P.r) / Math.max(1, pts.length - 1);
  const x = (i: number) => P.l + (pts.length === 1 ? (W - P.l - P.r) / 2 : i * step);
  if (pts.length === 0) return <p className="muted">No responses yet.</p>;
  const band = [...pts.map((p, i) => `${x(i)},${y(p.hi)}`), ...[...pts].reverse().map((p, i) => `${x(pts.length - 1 - i)},${y(p.lo)}`)].join(' ');
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} style={{ width: '100%', height: 'auto' }}>
        {(metric === 'nps' ? [-100, -50, 0, 50, 100] : [0, 50, 100]).map((t) => (
          <g key={t}>
            <line x1={P.l} x2={W - P.r} y1={y(t)} y2={y(t)} stroke={t === 0 ? '#c1c7d6' : '#eceff5'} />
            <text x={P.l - 6} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#667">
              {t}
            </text>
          </g>
        ))}
        <polygon points={band} fill="#3b5bdb" opacity={0.12} />
        <polyline fill="none" stroke="#3b5bdb" strokeWidth={2} points={pts.map((p, i) => `${x(i)},${y(p.v)}`).join(' ')} />
        {pts.map((p, i) => (
          <g key={p.key}>
            <circle cx={x(i)} cy={y(p.v)} r={3.5} fill="#3b5bdb">
              <title>{`${p.key}: ${p.v} (95 % CI ${p.lo} to ${p.hi}, n = ${p.n})`}</title>
            </circle>
            {(pts.length <= 12 || i % 2 === 0) && (
              <text x={x(i)} y={H - 8} fontSize="10" textAnchor="middle" fill="#667">
                {p.key.slice(5)}
              </text>
            )}
          </g>
        ))}
      </svg>
      <figcaption className="muted" style={{ fontSize: 12 }}>
        {metric === 'nps' ? 'NPS' : 'CSAT %'} per ISO week; the band is the 95 % confidence interval.
      </figcaption>
    </figure>
  );
}
