// Burn-up of done work (estimate days) against total scope, as plain SVG.
import type { ProjectPlanView } from '@meridian/domain';

export function BurnupChart({ points }: { points: ProjectPlanView['burnup'] }) {
  if (points.length < 2) return <p className="muted">The burn-up appears once tasks exist for more than a week.</p>;
  const W = 640;
  const H = 220;
  const pad = { l: 40, r: 12, t: 12, b: 28 };
  const max = Math.max(1, ...points.map((p) => p.scope));
  const px = (i: number) => pad.l + (i / (points.length - 1)) * (W - pad.l - pad.r);
  const py = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const line = (key: 'scope' | 'done') => points.map((p, i) => `${i ? 'L' : 'M'}${px(i).toFixed(1)},${py(p[key]).toFixed(1)}`).join(' ');
  const last = points[points.length - 1];
  return (
    <figure style={{ margin: 0 }}>
      <svg role="img" aria-label={`Burn-up: ${last.done} of ${last.scope} days of work done by ${last.date}`} width="100%" viewBox={`0 0 ${W} ${H}`} style={{ maxWidth: W, fontSize: 11 }}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={W - pad.r} y1={py(max * f)} y2={py(max * f)} stroke="#e2e5ea" />
            <text x={pad.l - 6} y={py(max * f) + 4} textAnchor="end" fill="#6b7482">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % Math.ceil(points.length / 6) === 0 || i === points.length - 1 ? (
            <text key={p.date} x={px(i)} y={H - 8} textAnchor="middle" fill="#6b7482">
              {p.date.slice(5)}
            </text>
          ) : null,
        )}
        <path d={line('scope')} fill="none" stroke="#8a93a3" strokeWidth={2} strokeDasharray="5 4" />
        <path d={line('done')} fill="none" stroke="#1d7a46" strokeWidth={2.5} />
      </svg>
      <figcaption className="muted">
        <span style={{ color: '#1d7a46' }}>━</span> done {last.done} days · <span style={{ color: '#8a93a3' }}>┅</span> scope {last.scope} days (weekly)
      </figcaption>
    </figure>
  );
}
