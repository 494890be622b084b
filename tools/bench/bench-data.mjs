#!/usr/bin/env node
// npm run bench:data
// Generates a 1,000,000-row, 10-column numeric CSV in a temp folder, then measures in separate
// child processes (so each peak RSS is its own): Meridian's streaming profile (read + parse +
// profile + fingerprint), Meridian's parse alone, and baselines parsing the same file with the
// csv-parse library and with a naive readline + split + Number parser (alone, and feeding the same
// profile accumulators). Prints one JSON line per measurement and rewrites the bench:data section
// of docs/benchmarks.md.
//
//   node tools/bench/bench-data.mjs [--rows N] [--no-write]
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, commit, writeSection, root } from './bench-lib.mjs';

const self = fileURLToPath(import.meta.url);
const COLUMNS = 10;

// The library's TypeScript sources, compiled on load by tsx (the package is CommonJS).
async function loadPipeline() {
  const tsx = await import('tsx/cjs/api');
  return tsx.require(join(root, 'libs/data-pipeline/src/index.ts'), import.meta.url);
}

// ---- child: one measurement --------------------------------------------------------------
async function child(mode, file) {
  const dp = mode.startsWith('meridian') || mode === 'naive-split-profile' ? await loadPipeline() : null;
  let csvParse = null;
  if (mode === 'csv-parse') csvParse = (await import('csv-parse')).parse;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let rows = 0;
  let checksum = 0;
  if (mode === 'meridian-profile') {
    const p = await dp.profileCsv(file);
    rows = p.rows;
    checksum = p.columns.reduce((a, c) => a + c.mean, 0);
  } else if (mode === 'meridian-parse') {
    const r = await dp.scanCsv(file, {}, (row) => {
      for (let i = 0; i < row.length; i++) checksum += row.number(i);
    });
    rows = r.rows;
  } else if (mode === 'csv-parse') {
    const parser = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(csvParse({ cast: true, from_line: 2 }));
    for await (const rec of parser) {
      for (let i = 0; i < rec.length; i++) checksum += rec[i];
      rows++;
    }
  } else if (mode === 'naive-split' || mode === 'naive-split-profile') {
    const profile = mode === 'naive-split-profile';
    const hash = profile ? createHash('sha256') : null;
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    if (hash) stream.on('data', (c) => hash.update(c));
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    let accs = null;
    const dup = profile ? new dp.RowHashSet() : null;
    let first = true;
    for await (const line of rl) {
      if (first) {
        first = false;
        if (profile) accs = line.split(',').map((name, i) => new dp.ColumnAccumulator(name, 1 + i));
        continue;
      }
      const parts = line.split(',');
      for (let i = 0; i < parts.length; i++) {
        const v = Number(parts[i]);
        if (profile) accs[i].addNumber(v);
        else checksum += v;
      }
      if (profile) {
        let h0 = 0x811c9dc5;
        let h1 = 0x6a09e667;
        for (let i = 0; i < line.length; i++) {
          const c = line.charCodeAt(i);
          h0 = Math.imul(h0 ^ c, 0x01000193);
          h1 = Math.imul(h1 ^ c, 0x5bd1e995) ^ (h1 >>> 15);
        }
        dup.add(h0 >>> 0, h1 >>> 0);
      }
      rows++;
    }
    if (profile) {
      hash.digest('hex');
      checksum = accs.map((a) => a.finish()).reduce((a, c) => a + c.mean, 0);
    }
  } else throw new Error(`unknown mode ${mode}`);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ mode, rows, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, checksum }) + '\n');
}

// ---- parent ------------------------------------------------------------------------------
function generate(file, rows) {
  // Seeded so every run reads the same bytes.
  let a = 12345;
  const rnd = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const fd = openSync(file, 'w');
  writeSync(fd, Array.from({ length: COLUMNS }, (_, i) => `f${i}`).join(',') + '\n');
  let chunk = [];
  for (let r = 0; r < rows; r++) {
    const n = Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
    chunk.push(
      [
        r,
        (n * 10 + 50).toFixed(6),
        (rnd() * 2 - 1).toFixed(6),
        (rnd() * 1e4).toFixed(2),
        (n * n).toFixed(5),
        (rnd() * 1000).toFixed(2),
        Math.floor(rnd() * 100),
        (rnd() * 1e-3).toExponential(4),
        Math.floor(rnd() * 10),
        (-Math.log(1 - rnd())).toFixed(4),
      ].join(','),
    );
    if (chunk.length === 10_000) {
      writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) writeSync(fd, chunk.join('\n') + '\n');
  closeSync(fd);
}

function measure(mode, file) {
  const r = spawnSync(process.execPath, [self, '--child', mode, file], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

async function parent() {
  const args = process.argv.slice(2);
  const rowsArg = args.indexOf('--rows');
  const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
  const write = !args.includes('--no-write');
  const dir = mkdtempSync(join(tmpdir(), 'meridian-bench-data-'));
  const file = join(dir, 'numeric.csv');
  try {
    const g0 = Date.now();
    generate(file, rows);
    const bytes = statSync(file).size;
    process.stderr.write(`generated ${rows.toLocaleString('en-US')} rows x ${COLUMNS} columns (${(bytes / 2 ** 20).toFixed(1)} MiB) in ${((Date.now() - g0) / 1000).toFixed(1)}s at ${file}\n`);
    const modes = [
      ['meridian-profile', 'Meridian profileCsv: read + parse + profile + fingerprint'],
      ['naive-split-profile', 'baseline: readline + split + Number, same profile accumulators, duplicate hash and sha256'],
      ['meridian-parse', 'Meridian scanCsv: read + parse every field to a number (+ fingerprint)'],
      ['csv-parse', 'baseline: csv-parse 7 stream, cast: true (parse only)'],
      ['naive-split', 'baseline: readline + split + Number (parse only)'],
    ];
    const results = [];
    for (const [mode, what] of modes) {
      const load = loadavg()[0];
      const m = measure(mode, file);
      if (m.rows !== rows) throw new Error(`${mode} read ${m.rows} rows, expected ${rows}`);
      const out = {
        bench: 'data',
        mode,
        rows,
        seconds: +(m.ms / 1000).toFixed(3),
        rows_per_s: Math.round((rows / m.ms) * 1000),
        cpu_seconds: +(m.cpuMs / 1000).toFixed(3),
        rows_per_cpu_s: Math.round((rows / m.cpuMs) * 1000),
        peak_rss_mb: Math.round(m.maxRssMB),
        load_1min: +load.toFixed(2),
        what,
      };
      results.push(out);
      process.stdout.write(JSON.stringify(out) + '\n');
    }
    const main = results[0];
    const goal = `goal: >= 300,000 rows/s and < 300 MB peak RSS for the profile: ${main.rows_per_s >= 300_000 && main.peak_rss_mb < 300 ? 'met' : 'NOT met'}`;
    process.stderr.write(goal + '\n');
    if (write) {
      const table = [
        '| what | rows/s (wall) | seconds | rows per CPU-second | peak RSS (MB) | load avg before |',
        '|---|---:|---:|---:|---:|---:|',
        ...results.map(
          (r) => `| ${r.what} | ${r.rows_per_s.toLocaleString('en-US')} | ${r.seconds} | ${r.rows_per_cpu_s.toLocaleString('en-US')} | ${r.peak_rss_mb} | ${r.load_1min} |`,
        ),
      ].join('\n');
      writeSection(
        'data',
        `## Data pipeline (\`npm run bench:data\`)
Command: \`npm run bench:data\` (tools/bench/bench-data.mjs). Input: a generated ${rows.toLocaleString('en-US')}-row, ${COLUMNS}-column numeric CSV
(${(bytes / 2 ** 20).toFixed(1)} MiB: integers, fixed-point decimals, exponent notation), read from a temp folder. Each line
runs in its own Node process; peak RSS is that process's maximum resident set (includes Node itself, ~45 MB).
The machine is shared (2 cores): the 1-minute load average before each line is shown, and rows per
CPU-second (user + system time of the process) is the figure that load disturbs least.

${table}

${goal}.
Profile = per-column count, missing, distinct (exact up to 1,000 values, then HyperLogLog), min, max, mean, std,
quantiles and histogram from a 65,536-value reservoir sample, top values, duplicate rows by 64-bit row hash, and
the SHA-256 fingerprint of the bytes. No row is held as strings: fields are parsed from the bytes.

Machine: ${machine()}. Commit: ${commit()}. Date: ${new Date().toISOString()}.`,
      );
      process.stderr.write('updated docs/benchmarks.md (bench:data section)\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await parent();
