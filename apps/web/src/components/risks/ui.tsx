import type { RiskHeatMapView, RiskLevel } from '@meridian/domain';
import { RISK_LABELS } from '@meridian/domain';
import Link from 'next/link';
import styles from './risks.module.css';

export function LevelBadge({ level, score }: { level: RiskLevel; score?: number }) {
  return (
    <span className={`${styles.level} ${styles[level]}`}>
      {RISK_LABELS.level[level]}
      {score !== undefined ? ` · ${score}` : ''}
    </span>
  );
}

/** 5x5 grid, likelihood 5 at the top; each cell links to the register filtered to that cell's risks. */
export function HeatMap({ map, hrefFor }: { map: RiskHeatMapView; hrefFor: (likelihood: number, impact: number) => string }) {
  const rows = [...map.rows].reverse();
  return (
    <div role="table" aria-label={`Heat map of ${map.residual ? 'residual' : 'inherent'} risk ratings`}>
      <div className={styles.heat}>
        {rows.map((row) => (
          <div key={row[0].likelihood} role="row" style={{ display: 'contents' }}>
            <div className={styles.axis} role="rowheader">
              L{row[0].likelihood}
            </div>
            {row.map((c) => (
              <Link
                key={c.impact}
                role="cell"
                href={hrefFor(c.likelihood, c.impact)}
                className={`${styles.cell} ${styles[c.level]} ${c.count ? '' : styles.empty}`}
                aria-label={`likelihood ${c.likelihood}, impact ${c.impact}: ${c.count} risk${c.count === 1 ? '' : 's'}`}
                data-count={c.count}
              >
                {c.count || ''}
                <small>{c.score}</small>
              </Link>
            ))}
          </div>
        ))}
        <div />
        {[1, 2, 3, 4, 5].map((i) => (
          <div key={i} className={styles.axis}>
            I{i}
          </div>
        ))}
      </div>
      <p className="muted" style={{ fontSize: '0.8rem', marginTop: '0.5rem' }}>
        Rows: likelihood (L1 rare … L5 almost certain). Columns: impact (I1 minor … I5 severe). Numbers: open risks; small: the cell score.
      </p>
    </div>
  );
}

export { styles as riskStyles };
