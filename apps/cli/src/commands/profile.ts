// meridian profile: one streaming pass over the file; a readable report or the profile as JSON.
import type { ColumnProfile, DatasetProfile } from '@meridian/domain';
import { profileCsv, profileTable, readJsonlTable } from '@meridian/data-pipeline';
import { formatNumber, table, type Io } from '../io';

export interface ProfileCommandOptions {
  data: string;
  label?: string;
  json: boolean;
  skipBadRows: boolean;
}

export async function profileCommand(opts: ProfileCommandOptions, io: Io): Promise<void> {
  const onBadRow = opts.skipBadRows ? 'skip' : 'error';
  const lower = opts.data.toLowerCase();
  const profile: DatasetProfile =
    lower.endsWith('.jsonl') || lower.endsWith('.ndjson')
      ? profileTable(await readJsonlTable(opts.data, { onBadRow }), { label: opts.label, format: 'jsonl' })
      : await profileCsv(opts.data, { label: opts.label, onBadRow });
  if (opts.json) {
    io.out(JSON.stringify(profile) + '\n');
    return;
  }
  io.out(render(opts.data, profile) + '\n');
}

const cell = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? formatNumber(v) : v);

function render(path: string, p: DatasetProfile): string {
  const out: string[] = [];
  out.push(`${path}: ${p.rows.toLocaleString('en-US')} rows, ${p.columns.length} columns, ${p.bytes.toLocaleString('en-US')} bytes, ${p.fingerprint ?? ''}`);
  out.push(`duplicate rows: ${p.duplicateRows}${p.skippedRows ? `; skipped bad rows: ${p.skippedRows}` : ''}`);
  out.push('');
  const rows = p.columns.map((c: ColumnProfile) => [
    c.name,
    c.kind,
    cell(c.missing),
    `${c.distinctExact ? '' : '~'}${cell(c.distinct)}`,
    cell(c.min),
    cell(c.quantiles?.p50 ?? null),
    cell(c.max),
    cell(c.mean),
    cell(c.std),
    c.kind === 'numeric' ? '' : c.topValues.slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', '),
  ]);
  out.push(table(rows, ['column', 'kind', 'missing', 'distinct', 'min', 'median', 'max', 'mean', 'std', 'top values']));
  if (p.classBalance) {
    out.push('');
    out.push(`class balance of "${p.classBalance.column}" (largest/smallest = ${p.classBalance.imbalanceRatio.toFixed(2)}):`);
    for (const c of p.classBalance.classes) out.push(`  ${c.value.padEnd(12)} ${String(c.count).padStart(8)}  ${(c.share * 100).toFixed(1)}%`);
  }
  out.push('');
  if (p.sensitiveColumns.length) {
    out.push('possibly sensitive or personal columns (review before training or sharing):');
    for (const c of p.columns) if (c.sensitive) out.push(`  ${c.name}: ${c.sensitive.note}`);
  } else out.push('no column looks sensitive or personal by name or values');
  if (p.columns.some((c) => !c.quantilesExact || !c.distinctExact)) {
    out.push('~ and sampled quantiles: estimates on large files (see the data-pipeline README for their accuracy)');
  }
  return out.join('\n');
}
