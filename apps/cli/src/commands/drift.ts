// meridian drift: compare two versions of a dataset column by column (PSI, KS, chi-square).
import { detectDrift, readTable } from '@meridian/data-pipeline';
import { table, type Io } from '../io';

export interface DriftCommandOptions {
  reference: string;
  current: string;
  json: boolean;
}

export async function driftCommand(opts: DriftCommandOptions, io: Io): Promise<void> {
  const [ref, cur] = await Promise.all([readTable(opts.reference), readTable(opts.current)]);
  const report = detectDrift(ref, cur);
  if (opts.json) {
    io.out(JSON.stringify(report) + '\n');
    return;
  }
  const rows = report.columns.map((c) => [
    c.column,
    c.kind,
    c.psi === null ? '' : c.psi.toFixed(3),
    c.ks ? `${c.ks.statistic.toFixed(3)} (p ${c.ks.pValue.toExponential(1)})` : c.chiSquare ? `chi2 ${c.chiSquare.statistic.toFixed(1)} (p ${c.chiSquare.pValue.toExponential(1)})` : '',
    c.verdict,
  ]);
  io.out(
    [
      `${opts.current} against ${opts.reference}: ${report.verdict}${report.drifted.length ? ` (${report.drifted.length} drifted: ${report.drifted.join(', ')})` : ''}`,
      '',
      table(rows, ['column', 'kind', 'PSI', 'test', 'verdict']),
      '',
      `PSI >= ${report.thresholds.psiWarning} warns and >= ${report.thresholds.psiDrift} is drift; each column's test at alpha ${report.thresholds.alpha} / ${Math.round(report.thresholds.alpha / report.thresholds.alphaPerColumn)} columns (Bonferroni)`,
    ].join('\n') + '\n',
  );
}
