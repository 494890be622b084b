import type { ReactNode } from 'react';

const STYLE: Record<string, string> = { production: 'badge badge-success', champion: 'badge badge-accent', challenger: 'badge badge-warning' };
const ORDER = ['production', 'champion', 'challenger'];

/** The aliases of a version as coloured badges (production, champion, challenger), or a dash. */
export function AliasBadges({ aliases, empty = '—' }: { aliases: string[]; empty?: ReactNode }) {
  if (aliases.length === 0) return <>{empty}</>;
  const sorted = [...aliases].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {sorted.map((a) => (
        <span key={a} className={STYLE[a] ?? 'badge'} data-alias={a}>
          {a}
        </span>
      ))}
    </span>
  );
}
