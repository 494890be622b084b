import Link from 'next/link';
import type { ModelComparisonView } from '@meridian/domain';
import { formatDateTime } from '../../../../../components/ui';
import { fmt, rowsFor } from './metrics';

const WINNER_TEXT: Record<string, string> = { CHALLENGER: 'Challenger wins', CHAMPION: 'Champion wins', TIE: 'Tie', NO_CHAMPION: 'No champion to beat' };
const WINNER_BADGE: Record<string, string> = { CHALLENGER: 'badge badge-success', CHAMPION: 'badge badge-danger', TIE: 'badge', NO_CHAMPION: 'badge badge-accent' };

export function WinnerBadge({ c }: { c: ModelComparisonView }) {
  if (c.status === 'FAILED') return <span className="badge badge-danger">failed</span>;
  if (c.status !== 'SUCCEEDED') return <span className="badge badge-dot">{c.status.toLowerCase()}</span>;
  if (!c.winner) return <span className="badge badge-warning">undecided</span>;
  return <span className={WINNER_BADGE[c.winner]}>{WINNER_TEXT[c.winner]}</span>;
}

function VersionLink({ orgId, side, currentId }: { orgId: string; side: ModelComparisonView['challenger'] | null; currentId: string }) {
  if (!side) return <span className="muted">none</span>;
  const label = `version ${side.version ?? '?'}`;
  return side.modelVersionId === currentId ? <strong>{label} (this one)</strong> : <Link href={`/orgs/${orgId}/models/${side.modelVersionId}`}>{label}</Link>;
}

/** One comparison in full: both models side by side on the same test rows, every metric, the decision. */
export function ComparisonDetail({ orgId, c, currentId }: { orgId: string; c: ModelComparisonView; currentId: string }) {
  const rows = rowsFor(c.challenger.metrics ?? c.champion?.metrics ?? null);
  const mine = c.challenger.metrics;
  const theirs = c.champion?.metrics ?? null;
  return (
    <div className="stack" data-testid="comparison-detail">
      <p>
        <WinnerBadge c={c} />{' '}
        {c.promoted ? <span className="badge badge-success">promoted to champion and production</span> : c.status === 'SUCCEEDED' ? <span className="badge">not promoted</span> : null}{' '}
        <span className="muted">
          {c.trigger === 'RETRAIN' ? 'after a retraining run' : 'asked for from the registry'} · {formatDateTime(c.createdAt)}
        </span>
      </p>
      {c.decision ? <p data-testid="comparison-decision">{c.decision}</p> : null}
      {c.status === 'FAILED' || (c.error && c.status === 'SUCCEEDED') ? (
        <div className={c.status === 'FAILED' ? 'alert alert-error' : 'alert'} role="status">
          {c.error}
        </div>
      ) : null}
      <div className="table-wrap">
        <table aria-label="Challenger vs champion">
          <thead>
            <tr>
              <th>Metric (same test rows)</th>
              <th>
                Challenger · <VersionLink orgId={orgId} side={c.challenger} currentId={currentId} />
              </th>
              <th>
                Champion · <VersionLink orgId={orgId} side={c.champion} currentId={currentId} />
              </th>
              <th>Difference</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const a = mine ? r.pick(mine) : null;
              const b = theirs ? r.pick(theirs) : null;
              if (a === null && b === null) return null;
              const better = a !== null && b !== null ? (r.lowerIsBetter ? b - a : a - b) : null;
              const deciding = r.key === c.metric || r.key.endsWith(`.${c.metric}`) || (c.metric === 'f1' && r.key === 'macro.f1');
              return (
                <tr key={r.key} style={deciding ? { fontWeight: 600 } : undefined}>
                  <td>
                    {r.label}
                    {deciding ? ' (deciding)' : ''}
                    {r.lowerIsBetter ? <span className="muted"> · lower is better</span> : null}
                  </td>
                  <td>{fmt(a)}</td>
                  <td>{fmt(b)}</td>
                  <td style={better === null || better === 0 ? undefined : { color: better > 0 ? 'var(--success)' : 'var(--danger)' }}>{better === null ? '—' : `${better > 0 ? '+' : ''}${better.toFixed(4)} ${better > 0 ? 'challenger' : better < 0 ? 'champion' : ''}`}</td>
                </tr>
              );
            })}
            <tr>
              <td>Test rows</td>
              <td>{typeof mine?.n === 'number' ? mine.n : '—'}</td>
              <td>{typeof theirs?.n === 'number' ? theirs.n : '—'}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      <dl className="dl">
        <dt>Deciding metric</dt>
        <dd>
          {c.metric} ({c.lowerIsBetter ? 'lower is better' : 'higher is better'}): challenger {fmt(c.challenger.value)} vs champion {fmt(c.champion?.value ?? null)}
          {c.improvement !== null ? `, improvement ${c.improvement.toFixed(4)}` : ''}
        </dd>
        <dt>Auto-promotion</dt>
        <dd>{c.autoPromote ? `on: needs an improvement of at least ${c.margin} and the promotion gate` : 'off for this project (set it in the retraining policy)'}</dd>
        {c.gate ? (
          <>
            <dt>Promotion gate</dt>
            <dd>
              {c.gate.ok ? <span className="badge badge-success">passed</span> : <span className="badge badge-danger">refused</span>}
              <ul className="list" data-testid="gate-reasons">
                {c.gate.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Test rows</dt>
        <dd>
          {c.testSplit
            ? `${c.testSplit.rows} rows: the test split of the challenger's run (label "${c.testSplit.labelColumn}", seed ${c.testSplit.seed}, fractions ${c.testSplit.fractions.join(' / ')}${c.testSplit.stratify ? ', stratified' : ''}; rows sha256 ${c.testSplit.rowsSha256.slice(0, 12)}…). Each model applies its own preprocessing.`
            : '—'}
        </dd>
        <dt>Run</dt>
        <dd>{c.runId ? <Link href={`/orgs/${orgId}/runs/${c.runId}`}>the challenger&apos;s training run</Link> : '—'}</dd>
      </dl>
    </div>
  );
}

/** Older comparisons of this version, one line each. */
export function ComparisonTable({ orgId, items, currentId }: { orgId: string; items: ModelComparisonView[]; currentId: string }) {
  return (
    <div className="table-wrap">
      <table aria-label="Comparisons">
        <thead>
          <tr>
            <th>When</th>
            <th>Challenger</th>
            <th>Champion</th>
            <th>Metric</th>
            <th>Result</th>
            <th>Promoted</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td className="nowrap">{formatDateTime(c.createdAt)}</td>
              <td>
                <VersionLink orgId={orgId} side={c.challenger} currentId={currentId} /> {fmt(c.challenger.value)}
              </td>
              <td>
                <VersionLink orgId={orgId} side={c.champion} currentId={currentId} /> {c.champion ? fmt(c.champion.value) : ''}
              </td>
              <td>{c.metric}</td>
              <td>
                <WinnerBadge c={c} />
              </td>
              <td title={c.decision ?? undefined}>{c.promoted ? 'yes' : c.status === 'SUCCEEDED' ? 'no' : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
