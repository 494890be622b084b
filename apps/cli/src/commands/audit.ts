// meridian audit: a fairness audit of a predictions file, judged pass/warn/fail. The audit, the
// verdict rule and the mitigation report are @meridian/fairness's `fairnessReport`, the same
// function the fairness.audit job runs, so the CLI and the platform give the same answer.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FairnessReportJson, FairnessVerdict } from '@meridian/domain';
import { readCsvTable } from '@meridian/data-pipeline';
import { columnsOfTable, fairnessReport, FairnessInputError } from '@meridian/fairness';
import { CliError, usage } from '../errors';
import { formatNumber, table, type Io } from '../io';

export interface AuditCommandOptions {
  predictions: string;
  label: string;
  prediction?: string;
  score?: string;
  threshold?: number;
  sensitive: string[];
  control: string[];
  weight?: string;
  positiveLabel?: string;
  privileged: Record<string, string[]>;
  reference: string;
  tau?: number;
  maxDpd?: number;
  maxEod?: number;
  bootstrap?: number;
  seed: number;
  mitigation: boolean;
  failOn: 'fail' | 'warn' | 'never';
  json: boolean;
}

export interface AuditSource {
  file: string;
  bytes: number;
  sha256: string;
  rows: number;
}

/** What `meridian audit --json` prints: the shared report plus where the predictions came from. */
export type AuditCommandOutput = FairnessReportJson & { command: 'audit'; source: AuditSource };

/** Exit code for a verdict under --fail-on: 3 when the verdict is at least as bad as the bar. */
export function exitCodeForVerdict(verdict: FairnessVerdict, failOn: AuditCommandOptions['failOn']): number {
  if (failOn === 'never') return 0;
  if (verdict === 'FAIL') return 3;
  return verdict === 'WARN' && failOn === 'warn' ? 3 : 0;
}

export async function auditCommand(opts: AuditCommandOptions, io: Io): Promise<number> {
  if (!opts.prediction && !opts.score) throw usage('give --prediction COLUMN (0/1 decisions) or --score COLUMN (probabilities, thresholded at --threshold)');
  const bytes = await readFile(opts.predictions);
  const data = await readCsvTable(bytes);
  let report: FairnessReportJson;
  try {
    report = fairnessReport(columnsOfTable(data), {
      audit: {
        label: opts.label,
        prediction: opts.prediction,
        score: opts.score,
        ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}),
        sensitive: opts.sensitive,
        control: opts.control,
        weight: opts.weight,
        positiveLabel: opts.positiveLabel,
        privileged: Object.keys(opts.privileged).length ? opts.privileged : undefined,
        reference: opts.reference,
        ...(opts.tau !== undefined ? { tau: opts.tau } : {}),
        ...(opts.bootstrap ? { bootstrap: { reps: opts.bootstrap, seed: opts.seed } } : {}),
      },
      policy: {
        ...(opts.maxDpd !== undefined ? { maxDemographicParityDifference: opts.maxDpd } : {}),
        ...(opts.maxEod !== undefined ? { maxEqualizedOddsDifference: opts.maxEod } : {}),
      },
      mitigation: opts.mitigation,
    });
  } catch (err) {
    if (err instanceof FairnessInputError) throw new CliError(`${opts.predictions}: ${err.message}`, 1);
    throw err;
  }
  const source: AuditSource = { file: opts.predictions, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'), rows: data.rowCount };
  const output: AuditCommandOutput = { command: 'audit', source, ...report };
  io.out(opts.json ? JSON.stringify(output) + '\n' : render(output) + '\n');
  return exitCodeForVerdict(report.verdict, opts.failOn);
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : formatNumber(v));

function render(o: AuditCommandOutput): string {
  const r = o.result;
  const out: string[] = [];
  out.push(`${o.source.file}: ${r.input.rows.toLocaleString('en-US')} rows, sensitive ${r.input.sensitive.join(' x ')}, ${r.groups.filter((g) => !g.empty).length} groups`);
  out.push(`verdict: ${o.verdict}`);
  for (const reason of o.reasons) out.push(`  ${reason.severity === 'FAIL' ? 'x' : '!'} ${reason.message}`);
  out.push('');
  const level = r.metricFrame.levels[0];
  out.push(
    table(
      level.byGroup.map((g) => {
        const info = r.groups.find((x) => x.key === g.group);
        return [g.group, info?.empty ? 'empty' : String(info?.rows ?? ''), num(g.metrics.selectionRate), num(g.metrics.truePositiveRate), num(g.metrics.falsePositiveRate), num(g.metrics.accuracy)];
      }),
      ['group', 'rows', 'selection', 'TPR', 'FPR', 'accuracy'],
    ),
  );
  out.push('');
  const f = r.fairlearn;
  out.push(`demographic parity difference ${num(f.demographicParityDifference.betweenGroups)}, ratio ${num(f.demographicParityRatio.betweenGroups)}`);
  out.push(`equalized odds difference ${num(f.equalizedOddsDifference.worstCase.betweenGroups)}, equal opportunity difference ${num(f.equalOpportunityDifference.betweenGroups)}`);
  if (r.aif360) out.push(`disparate impact (unprivileged / privileged) ${num(r.aif360.disparateImpact)}, statistical parity difference ${num(r.aif360.statisticalParityDifference)}`);
  for (const t of o.mitigation?.thresholdsByConstraint ?? (o.mitigation?.thresholds ? [o.mitigation.thresholds] : [])) {
    out.push(
      `group thresholds (${t.constraint === 'equalized_odds' ? 'equalized odds' : 'demographic parity'}): DP difference ${num(t.before.demographicParityDifference)} -> ${num(t.after.demographicParityDifference)}, EO difference ${num(t.before.equalizedOddsDifference)} -> ${num(t.after.equalizedOddsDifference)}, accuracy ${num(t.before.accuracy)} -> ${num(t.after.accuracy)}`,
    );
  }
  // Where the threshold numbers come from: the held-out half (or, for a small file, the fitted rows).
  if (o.mitigation?.evaluation) out.push(`  ${o.mitigation.evaluation.description}`);
  if (o.mitigation?.reweighing) out.push(`reweighing: label base-rate difference ${num(o.mitigation.reweighing.before.baseRateDifference)} -> ${num(o.mitigation.reweighing.after.baseRateDifference)}`);
  if (r.notes.length) out.push(`${r.notes.length} notes explain undefined values (see --json)`);
  return out.join('\n');
}
