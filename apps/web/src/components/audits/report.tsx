import type { FairnessAuditJson, FairnessBaseMetric, FairnessMitigationJson, FairnessThresholdMitigationJson, FairnessVerdict } from '@meridian/domain';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));

export function VerdictBadge({ verdict }: { verdict: FairnessVerdict | null }) {
  if (!verdict) return <span className="badge">Pending</span>;
  const cls = verdict === 'PASS' ? 'badge-success' : verdict === 'WARN' ? 'badge-warning' : 'badge-danger';
  return (
    <span className={`badge ${cls}`} data-verdict={verdict}>
      {verdict === 'PASS' ? 'Pass' : verdict === 'WARN' ? 'Warn' : 'Fail'}
    </span>
  );
}

/** Per-group bars of one base metric with their bootstrap intervals (when the audit computed them). */
export function GroupBars({ result, metric, title }: { result: FairnessAuditJson; metric: FairnessBaseMetric; title: string }) {
  const level = result.metricFrame.levels[0];
  const groups = level.byGroup.filter((g) => !result.groups.find((x) => x.key === g.group)?.empty);
  const overall = level.overall[metric];
  const rowH = 28;
  const left = 110;
  const width = 600;
  // The right-hand 150 px hold the value and its interval as text.
  const scale = (v: number) => left + Math.max(0, Math.min(1, v)) * (width - left - 150);
  const height = groups.length * rowH + 24;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: '0.25rem' }}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title} by group`}>
        {overall !== null ? (
          <>
            <line x1={scale(overall)} x2={scale(overall)} y1={0} y2={height - 20} stroke="#888" strokeDasharray="4 3" />
            <text x={scale(overall)} y={height - 6} fontSize="10" textAnchor="middle" fill="#666">
              overall {pct(overall)}
            </text>
          </>
        ) : null}
        {groups.map((g, i) => {
          const v = g.metrics[metric];
          const ci = result.intervals?.find((x) => x.group === g.group && x.metric === metric);
          const y = i * rowH + 4;
          return (
            <g key={g.group} data-group={g.group}>
              <text x={left - 8} y={y + 14} fontSize="12" textAnchor="end">
                {g.group}
              </text>
              <rect x={left} y={y + 3} width={v === null ? 0 : scale(v) - left} height={rowH - 10} fill="#4f6bed" rx="3" />
              {ci && ci.lower !== null && ci.upper !== null ? (
                <g stroke="#1a1a1a" strokeWidth="1.5">
                  <line x1={scale(ci.lower)} x2={scale(ci.upper)} y1={y + 12} y2={y + 12} />
                  <line x1={scale(ci.lower)} x2={scale(ci.lower)} y1={y + 6} y2={y + 18} />
                  <line x1={scale(ci.upper)} x2={scale(ci.upper)} y1={y + 6} y2={y + 18} />
                </g>
              ) : null}
              <text x={width - 4} y={y + 14} fontSize="11" textAnchor="end">
                {pct(v)}
                {ci && ci.lower !== null && ci.upper !== null ? ` [${pct(ci.lower)}–${pct(ci.upper)}]` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      {result.intervals ? (
        <p className="muted" style={{ fontSize: '0.8rem' }}>
          Whiskers: {Math.round((result.intervals[0]?.level ?? 0.95) * 100)}% bootstrap intervals ({result.intervals[0]?.reps ?? 0} resamples).
        </p>
      ) : null}
    </figure>
  );
}

const PARITY_METRICS = ['pprev', 'tpr', 'fpr', 'fnr', 'precision'] as const;
const METRIC_NAMES: Record<(typeof PARITY_METRICS)[number], string> = { pprev: 'Selection rate', tpr: 'TPR', fpr: 'FPR', fnr: 'FNR', precision: 'Precision' };

/** Aequitas disparities against the reference group, with the parity flag of each. */
export function ParityTable({ result }: { result: FairnessAuditJson }) {
  const a = result.aequitas;
  return (
    <div className="table-wrap">
      <table aria-label="Parity flags">
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Group</th>
            <th scope="col">Size</th>
            {PARITY_METRICS.map((m) => (
              <th key={m} scope="col">
                {METRIC_NAMES[m]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {a.attributes.flatMap((attr) =>
            attr.groups
              .filter((g) => g.size > 0)
              .map((g) => (
                <tr key={`${attr.attribute}:${g.group}`}>
                  <td className="nowrap">{attr.attribute}</td>
                  <td className="nowrap">{g.group}</td>
                  <td>{g.size}</td>
                  {PARITY_METRICS.map((m) => {
                    const ok = g.parity[m];
                    const isRef = g.referenceGroups[m] === g.group;
                    return (
                      <td key={m} className="nowrap" data-parity={ok === null ? 'undefined' : ok ? 'pass' : 'fail'} title={`disparity against ${g.referenceGroups[m]}`}>
                        {isRef ? <span className="muted">reference</span> : <>{ok === null ? '–' : ok ? '✓' : '✗'} {num(g.disparities[m], 2)}</>}
                      </td>
                    );
                  })}
                </tr>
              )),
          )}
        </tbody>
      </table>
      <p className="muted" style={{ fontSize: '0.8rem' }}>
        Disparity = group value / reference group value; parity when {num(a.tau, 2)} ≤ disparity ≤ {num(1 / a.tau, 2)} (τ = {a.tau}; 0.8 is the four-fifths rule). Reference:{' '}
        {typeof a.reference === 'string' ? a.reference : a.reference.group}.
      </p>
    </div>
  );
}

export function Headline({ result }: { result: FairnessAuditJson }) {
  const f = result.fairlearn;
  const rows: Array<[string, string]> = [
    ['Demographic parity difference', num(f.demographicParityDifference.betweenGroups)],
    ['Demographic parity ratio', num(f.demographicParityRatio.betweenGroups)],
    ['Equalized odds difference', num(f.equalizedOddsDifference.worstCase.betweenGroups)],
    ['Equal opportunity difference', num(f.equalOpportunityDifference.betweenGroups)],
  ];
  if (result.aif360) {
    rows.push(['Disparate impact (unprivileged / privileged)', num(result.aif360.disparateImpact)]);
    rows.push(['Statistical parity difference', num(result.aif360.statisticalParityDifference)]);
    rows.push(['Average odds difference', num(result.aif360.averageOddsDifference)]);
  }
  if (result.calibration) rows.push(['Expected calibration error (overall)', num(result.calibration.overall.ece)]);
  return (
    <dl className="dl">
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** How much the mitigation narrows the gap, in one sentence per method (before → after). */
export function MitigationSummary({ m }: { m: FairnessMitigationJson }) {
  // A difference of -0.00002 reads as "0.000", not "-0.000".
  const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? 'n/a' : (Math.abs(v) < 0.5 * 10 ** -d ? 0 : v).toFixed(d));
  const t = m.thresholds;
  const eo = m.thresholdsByConstraint?.find((x) => x.constraint === 'equalized_odds') ?? null;
  const r = m.reweighing;
  const narrower = (a: number | null, b: number | null) => a !== null && b !== null && Math.abs(b) < Math.abs(a);
  return (
    <ul aria-label="Mitigation effect" className="stack" style={{ gap: '0.25rem' }}>
      {t ? (
        <li data-testid="mitigation-thresholds" data-before={t.before.demographicParityDifference ?? ''} data-after={t.after.demographicParityDifference ?? ''} data-narrows={String(narrower(t.before.demographicParityDifference, t.after.demographicParityDifference))}>
          <strong>Group thresholds</strong> {narrower(t.before.demographicParityDifference, t.after.demographicParityDifference) ? 'narrow' : 'change'} the demographic parity difference from{' '}
          <strong>{num(t.before.demographicParityDifference)}</strong> to <strong>{num(t.after.demographicParityDifference)}</strong>
          {t.before.disparateImpact !== null ? ` (disparate impact ${num(t.before.disparateImpact)} → ${num(t.after.disparateImpact)})` : ''}, at an accuracy of {pct(t.before.accuracy)} → {pct(t.after.accuracy)}.
        </li>
      ) : null}
      {eo ? (
        <li data-testid="mitigation-equalized-odds" data-before={eo.before.equalizedOddsDifference ?? ''} data-after={eo.after.equalizedOddsDifference ?? ''} data-narrows={String(narrower(eo.before.equalizedOddsDifference, eo.after.equalizedOddsDifference))}>
          <strong>Equalized-odds thresholds</strong> {narrower(eo.before.equalizedOddsDifference, eo.after.equalizedOddsDifference) ? 'narrow' : 'change'} the equalized odds difference from{' '}
          <strong>{num(eo.before.equalizedOddsDifference)}</strong> to <strong>{num(eo.after.equalizedOddsDifference)}</strong>, at an accuracy of {pct(eo.before.accuracy)} → {pct(eo.after.accuracy)}.
        </li>
      ) : null}
      {r && r.before.meanDifference !== null ? (
        <li data-testid="mitigation-reweighing" data-before={r.before.meanDifference ?? ''} data-after={r.after.meanDifference ?? ''} data-narrows={String(narrower(r.before.meanDifference, r.after.meanDifference))}>
          <strong>Reweighing</strong> of the training rows takes the difference in favourable-label rates (unprivileged − privileged) from <strong>{num(r.before.meanDifference)}</strong> to{' '}
          <strong>{num(r.after.meanDifference)}</strong>
          {Math.abs(r.before.meanDifference) < 0.01 ? ' (the labels were already balanced: the bias is in the predictions, not the labels)' : ''}.
        </li>
      ) : null}
    </ul>
  );
}

function ThresholdTable({ t }: { t: FairnessThresholdMitigationJson }) {
  const dp = t.constraint === 'demographic_parity';
  return (
    <div>
      <h3>Group thresholds ({dp ? 'demographic parity' : 'equalized odds'})</h3>
      <div className="table-wrap">
        <table aria-label={dp ? 'Group thresholds before and after' : 'Equalized odds thresholds before and after'}>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Demographic parity difference</td>
              <td>{num(t.before.demographicParityDifference)}</td>
              <td data-after={dp ? 'dpd' : undefined}>{num(t.after.demographicParityDifference)}</td>
            </tr>
            <tr>
              <td>Equalized odds difference</td>
              <td>{num(t.before.equalizedOddsDifference)}</td>
              <td data-after={dp ? undefined : 'eod'}>{num(t.after.equalizedOddsDifference)}</td>
            </tr>
            <tr>
              <td>Accuracy</td>
              <td>{pct(t.before.accuracy)}</td>
              <td>{pct(t.after.accuracy)}</td>
            </tr>
            {t.after.byGroup.map((g, i) => (
              <tr key={g.group}>
                <td>{dp ? 'Selection rate' : 'True / false positive rate'} · {g.group}</td>
                <td>{dp ? pct(t.before.byGroup[i]?.selectionRate) : `${pct(t.before.byGroup[i]?.truePositiveRate)} / ${pct(t.before.byGroup[i]?.falsePositiveRate)}`}</td>
                <td>{dp ? pct(g.selectionRate) : `${pct(g.truePositiveRate)} / ${pct(g.falsePositiveRate)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" style={{ fontSize: '0.8rem' }}>
        Thresholds: {t.thresholds.map((x) => `${x.group} ≥ ${num(x.threshold, 3)}`).join(', ')}. {t.satisfied ? 'The constraint is met.' : 'The tolerance could not be met; these are the least-disparate thresholds found.'}
      </p>
    </div>
  );
}

export function Mitigation({ m }: { m: FairnessMitigationJson }) {
  const list = m.thresholdsByConstraint ?? (m.thresholds ? [m.thresholds] : []);
  const r = m.reweighing;
  return (
    <div className="stack">
      <MitigationSummary m={m} />
      {m.evaluation ? (
        <p className="muted" data-testid="mitigation-evaluation">
          {m.evaluation.description}
        </p>
      ) : list.length ? (
        <p className="muted" data-testid="mitigation-evaluation">
          Group thresholds were fitted and measured on the same audit rows (in-sample), so the &ldquo;after&rdquo; numbers are optimistic.
        </p>
      ) : null}
      {list.map((t) => (
        <ThresholdTable key={t.constraint} t={t} />
      ))}
      {r ? (
        <div>
          <h3>Reweighing (training data)</h3>
          <p>
            Label base-rate difference {num(r.before.baseRateDifference)} → {num(r.after.baseRateDifference)}
            {r.before.disparateImpact !== null ? `; disparate impact of the labels ${num(r.before.disparateImpact)} → ${num(r.after.disparateImpact)}` : ''}.
          </p>
        </div>
      ) : null}
      {m.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
    </div>
  );
}
