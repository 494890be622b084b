// Small SVG charts for profiles: no chart library, server-rendered, readable without JavaScript.
import type { Histogram } from '@meridian/domain';
import { formatNumber } from './format';

export function HistogramChart({ histogram, label, width = 220, height = 64 }: { histogram: Histogram; label: string; width?: number; height?: number }) {
  const max = Math.max(1, ...histogram.counts);
  const n = histogram.counts.length;
  const bw = width / Math.max(1, n);
  const lo = histogram.edges[0];
  const hi = histogram.edges[histogram.edges.length - 1];
  return (
    <figure style={{ margin: 0 }}>
      <svg width={width} height={height} role="img" aria-label={`Histogram of ${label}: ${n} bins from ${formatNumber(lo)} to ${formatNumber(hi)}`} style={{ display: 'block' }}>
        {histogram.counts.map((c, i) => {
          const h = (c / max) * (height - 2);
          return (
            <rect key={i} x={i * bw + 0.5} y={height - h} width={Math.max(1, bw - 1)} height={h} fill="var(--accent)" opacity={0.85}>
              <title>{`[${formatNumber(histogram.edges[i])}, ${formatNumber(histogram.edges[i + 1])}): ${c}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted" style={{ display: 'flex', justifyContent: 'space-between', fontSize: 11, width }}>
        <span>{formatNumber(lo)}</span>
        <span>{histogram.exact ? '' : 'sampled'}</span>
        <span>{formatNumber(hi)}</span>
      </figcaption>
    </figure>
  );
}

/** Horizontal bars: one per item, value as a share of `total` (or of the largest value). */
export function BarList({ items, total, tone = 'var(--accent)', unit }: { items: { label: string; value: number; note?: string }[]; total?: number; tone?: string; unit?: string }) {
  const denom = total ?? Math.max(1, ...items.map((i) => i.value));
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }}>
      {items.map((it) => {
        const share = denom > 0 ? it.value / denom : 0;
        return (
          <li key={it.label} style={{ display: 'grid', gridTemplateColumns: 'minmax(80px, 160px) 1fr 110px', alignItems: 'center', gap: 8, fontSize: 13 }}>
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={it.label}>
              {it.label}
            </span>
            <svg width="100%" height="12" preserveAspectRatio="none" viewBox="0 0 100 12" aria-hidden="true">
              <rect x="0" y="1" width="100" height="10" fill="var(--surface-2)" />
              <rect x="0" y="1" width={Math.max(share > 0 ? 0.5 : 0, share * 100)} height="10" fill={tone} />
            </svg>
            <span className="muted" style={{ textAlign: 'right' }}>
              {it.value.toLocaleString('en-GB')}
              {unit ?? ''} {total !== undefined ? `(${(share * 100).toFixed(1)} %)` : ''}
              {it.note ? ` ${it.note}` : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
