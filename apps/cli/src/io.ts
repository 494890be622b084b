// Where output goes. stdout carries the result (a report, JSON, predictions); stderr carries
// progress and errors, so `--json` and `> file` always give clean results.
export interface Io {
  out(text: string): void;
  err(line: string): void;
  /** True when stderr is a terminal (progress bars only make sense there). */
  stderrIsTTY: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

export function isInteractive(io: Io): boolean {
  return io.stderrIsTTY && process.env.CI === undefined && process.env.TERM !== 'dumb';
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return v.toFixed(4);
}

export function table(rows: string[][], header: string[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}
