// Small dependency-free SVG charts for the costs page. Values are display numbers (major units).

export interface Series {
  label: string;
  color: string;
  points: { x: string; y: number }[];
  dashed?: boolean;
}

const W = 640;
const H = 220;
const PAD = { l: 64, r: 12, t: 12, b: 28 };

function scale(min: number, max: number, lo: number, hi: number) {
  const span = max - min || 1;
  return (v: number) => hi - ((v - min) / span) * (hi - lo);
}

const short = (v: number) => (Math.abs(v) >= 1_000_000 ? `${(v / 1_000_000).toFixed(1)}M` : Math.abs(v) >= 1_000 ? `${(v / 1_000).toFixed(0)}k` : v.toFixed(0));

/** Bars (e.g. monthly spend) plus optional lines on the same x axis. */
export function BarLineChart(props: { title: string; xs: string[]; xLabel: (x: string) => string; bars?: Series; lines?: Series[]; markers?: { x: string; label: string }[]; testId?: string }) {
  const all = [...(props.bars?.points ?? []), ...(props.lines ?? []).flatMap((l) => l.points)].map((p) => p.y);
  const min = Math.min(0, ...all);
  const max = Math.max(1, ...all);
  const y = scale(min, max, PAD.t, H - PAD.b);
  const band = (W - PAD.l - PAD.r) / Math.max(1, props.xs.length);
  const xAt = (x: string) => PAD.l + props.xs.indexOf(x) * band + band / 2;
  const ticks = [min, (min + max) / 2, max];
  return (
    <figure style={{ margin: 0 }} data-testid={props.testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title} style={{ width: '100%', height: 'auto' }}>
        {ticks.map((t, i) => (
          <g key={i}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} stroke="#e3e6ef" />
            <text x={PAD.l - 6} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#667">
              {short(t)}
            </text>
          </g>
        ))}
        {min < 0 && <line x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} stroke="#b42318" strokeDasharray="3 3" />}
        {props.bars?.points.map((p) => (
          <rect key={p.x} x={xAt(p.x) - band * 0.35} width={band * 0.7} y={Math.min(y(p.y), y(0))} height={Math.abs(y(0) - y(p.y))} fill={props.bars!.color} opacity={0.8}>
            <title>{`${props.xLabel(p.x)}: ${short(p.y)}`}</title>
          </rect>
        ))}
        {(props.lines ?? []).map((l) => (
          <polyline key={l.label} fill="none" stroke={l.color} strokeWidth={2} strokeDasharray={l.dashed ? '6 4' : undefined} points={l.points.map((p) => `${xAt(p.x)},${y(p.y)}`).join(' ')} />
        ))}
        {(props.markers ?? []).filter((m) => props.xs.includes(m.x)).map((m) => (
          <g key={m.x + m.label}>
            <line x1={xAt(m.x)} x2={xAt(m.x)} y1={PAD.t} y2={H - PAD.b} stroke="#b42318" strokeDasharray="2 3" />
            <text x={xAt(m.x) + 4} y={PAD.t + 10} fontSize="11" fill="#b42318">
              {m.label}
            </text>
          </g>
        ))}
        {props.xs.map((x, i) =>
          i % Math.ceil(props.xs.length / 12) === 0 ? (
            <text key={x} x={xAt(x)} y={H - 8} fontSize="11" textAnchor="middle" fill="#667">
              {props.xLabel(x)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="muted" style={{ display: 'flex', gap: 16, flexWrap: 'wrap', fontSize: 12 }}>
        {[...(props.bars ? [props.bars] : []), ...(props.lines ?? [])].map((s) => (
          <span key={s.label}>
            <span aria-hidden="true" style={{ display: 'inline-block', width: 10, height: 10, background: s.color, marginRight: 4 }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
