#!/usr/bin/env node
// npm run bench:fairness — times a full fairness audit (every metric of libs/fairness except the
// bootstrap) on 1,000,000 predictions with two sensitive features (intersectional groups), next to
// a naive implementation of the same metrics (row objects, one filter pass per group and metric),
// checks both agree, prints rows/s and rewrites the bench:fairness section of docs/benchmarks.md.
// Usage: node tools/bench/bench-fairness.mjs [--rows N] [--runs N] [--no-write]
import { execSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The library is TypeScript sources (as in its tests): run this script under tsx with the
// workspace paths so @meridian/* resolve to src/.
if (!process.env.MERIDIAN_BENCH_UNDER_TSX) {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const res = spawnSync(tsx, ['--tsconfig', join(root, 'tsconfig.base.json'), fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MERIDIAN_BENCH_UNDER_TSX: '1' },
  });
  process.exit(res.status ?? 1);
}
const lib = await import(pathToFileURL(join(root, 'libs/fairness/src/index.ts')).href);

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const loadAtStart = os.loadavg();
const ROWS = arg('--rows', 1_000_000);
const RUNS = arg('--runs', 7);
const write = !args.includes('--no-write');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const fmt = (x) => Math.round(x).toLocaleString('en-US');

console.log(`generating ${fmt(ROWS)} rows (synthetic hiring data, bias 1.5, seed 7)…`);
const ds = lib.generateHiringDataset({ rows: ROWS, bias: 1.5, ethnicityBias: 0.3, seed: 7 });
const spec = { ...ds.spec };
const options = { privileged: ds.privileged, reference: 'majority', tau: 0.8, alpha: 2, calibrationBins: 10 };

// --- optimised path: prepare (validate + encode) and audit (every metric) ---------------------
const timeRun = () => {
  const t0 = performance.now();
  const data = lib.prepareData(ds.columns, spec);
  const t1 = performance.now();
  const audit = lib.auditData(data, options);
  const t2 = performance.now();
  const json = lib.toFairnessJson(audit);
  const t3 = performance.now();
  return { prepare: t1 - t0, metrics: t2 - t1, jsonMs: t3 - t2, total: t3 - t0, audit, json };
};
timeRun(); // warm-up: JIT
const runs = [];
for (let r = 0; r < RUNS; r++) runs.push(timeRun());
const prep = median(runs.map((r) => r.prepare));
const metrics = median(runs.map((r) => r.metrics));
const jsonMs = median(runs.map((r) => r.jsonMs));
const total = median(runs.map((r) => r.total));
const last = runs[runs.length - 1];

// --- same audit with sample weights and a control feature (4 regions) --------------------------
const rng = lib.createRng(99);
const weighted = {
  ...ds.columns,
  w: Float64Array.from({ length: ROWS }, () => 0.5 + rng()),
  region: Array.from({ length: ROWS }, () => ['north', 'south', 'east', 'west'][Math.floor(rng() * 4)]),
};
const weightedRuns = [];
for (let r = 0; r < Math.min(5, RUNS) + 1; r++) {
  const t0 = performance.now();
  lib.auditData(lib.prepareData(weighted, { ...spec, weight: 'w', control: ['region'] }), options);
  if (r > 0) weightedRuns.push(performance.now() - t0);
}
const weightedMs = median(weightedRuns);

// --- naive baseline: row objects, a Map of groups, one filter pass per group and metric --------
const rowsObj = Array.from({ length: ROWS }, (_, i) => ({
  gender: ds.columns.gender[i],
  ethnicity: ds.columns.ethnicity[i],
  y: ds.columns.hired[i],
  yhat: ds.columns.predicted[i],
  score: ds.columns.score[i],
}));
function naiveAudit(rows) {
  const groups = new Map();
  for (const r of rows) {
    const k = `${r.gender}|${r.ethnicity}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  const rate = (rs, num, den) => {
    const d = rs.filter(den).length;
    return d ? rs.filter((r) => den(r) && num(r)).length / d : 0;
  };
  const base = (rs) => ({
    count: rs.length,
    selectionRate: rs.filter((r) => r.yhat === 1).length / rs.length,
    truePositiveRate: rate(rs, (r) => r.yhat === 1, (r) => r.y === 1),
    falsePositiveRate: rate(rs, (r) => r.yhat === 1, (r) => r.y === 0),
    falseNegativeRate: rate(rs, (r) => r.yhat === 0, (r) => r.y === 1),
    trueNegativeRate: rate(rs, (r) => r.yhat === 0, (r) => r.y === 0),
    precision: rate(rs, (r) => r.y === 1, (r) => r.yhat === 1),
    accuracy: rs.filter((r) => r.y === r.yhat).length / rs.length,
    errorRate: rs.filter((r) => r.y !== r.yhat).length / rs.length,
  });
  const byGroup = new Map([...groups].map(([k, rs]) => [k, base(rs)]));
  const overall = base(rows);
  const sr = [...byGroup.values()].map((m) => m.selectionRate);
  const tpr = [...byGroup.values()].map((m) => m.truePositiveRate);
  const fpr = [...byGroup.values()].map((m) => m.falsePositiveRate);
  const range = (xs) => Math.max(...xs) - Math.min(...xs);
  const priv = rows.filter((r) => r.gender === 'male');
  const unpriv = rows.filter((r) => r.gender !== 'male');
  const pm = base(priv);
  const um = base(unpriv);
  // generalized entropy index, alpha 2, one pass per row as written in AIF360
  const b = rows.map((r) => 1 + r.yhat - r.y);
  const mu = b.reduce((s, x) => s + x, 0) / b.length;
  const gei = b.reduce((s, x) => s + ((x / mu) ** 2 - 1), 0) / b.length / 2;
  // Aequitas: per attribute, per group, per metric
  const aeq = {};
  for (const attr of ['gender', 'ethnicity']) {
    const vals = [...new Set(rows.map((r) => r[attr]))];
    const k = rows.filter((r) => r.yhat === 1).length;
    aeq[attr] = vals.map((v) => {
      const rs = rows.filter((r) => r[attr] === v);
      return { v, ppr: rs.filter((r) => r.yhat === 1).length / k, pprev: rs.filter((r) => r.yhat === 1).length / rs.length };
    });
  }
  // calibration: 10 bins per group
  const ece = [...groups].map(([k, rs]) => {
    let e = 0;
    for (let bi = 0; bi < 10; bi++) {
      const inBin = rs.filter((r) => Math.max(0, Math.ceil(r.score * 10) - 1) === bi);
      if (inBin.length) e += (inBin.length / rs.length) * Math.abs(inBin.filter((r) => r.y === 1).length / inBin.length - inBin.reduce((s, r) => s + r.score, 0) / inBin.length);
    }
    return [k, e];
  });
  return {
    overall,
    dpd: range(sr),
    eod: Math.max(range(tpr), range(fpr)),
    di: um.selectionRate / pm.selectionRate,
    gei,
    aeq,
    ece,
  };
}
naiveAudit(rowsObj.slice(0, 10_000)); // warm-up
const naiveRuns = [];
let naive;
for (let r = 0; r < Math.min(3, RUNS); r++) {
  const t0 = performance.now();
  naive = naiveAudit(rowsObj);
  naiveRuns.push(performance.now() - t0);
}
const naiveMs = median(naiveRuns);

// --- both must agree ---------------------------------------------------------------------------
const a = last.audit;
const checks = [
  ['demographic parity difference', a.fairlearn.demographicParityDifference.betweenGroups, naive.dpd],
  ['equalized odds difference', a.fairlearn.equalizedOddsDifference.worstCase.betweenGroups, naive.eod],
  ['disparate impact', a.aif360.disparateImpact, naive.di],
  ['generalized entropy index (alpha 2)', a.aif360.generalizedEntropyIndex, naive.gei],
  ['overall accuracy', a.metricFrame.levels[0].overall.accuracy, naive.overall.accuracy],
];
let ok = true;
for (const [name, fast, slow] of checks) {
  const agree = Math.abs(fast - slow) <= 1e-9 * Math.max(1, Math.abs(slow));
  if (!agree) ok = false;
  console.log(`  check ${name}: optimised ${fast} naive ${slow} ${agree ? 'ok' : 'MISMATCH'}`);
}

// --- mitigation timings (not part of the one-second budget, reported for reference) -----------
const data = lib.prepareData(ds.columns, spec);
let t0 = performance.now();
lib.reweigh(data, { privileged: ds.privileged });
const reweighMs = performance.now() - t0;
t0 = performance.now();
const thr = lib.optimizeThresholds(data, { constraint: 'demographic_parity', privileged: ds.privileged });
const thrMs = performance.now() - t0;

const groupsCount = a.groups.filter((g) => !g.empty).length;
const lines = [
  `rows: ${fmt(ROWS)}, sensitive features: gender x ethnicity (${groupsCount} intersectional groups), weights: none, runs: ${RUNS} (median after one warm-up)`,
  `prepare (validate + integer-code columns): ${prep.toFixed(1)} ms`,
  `every metric (MetricFrame, Fairlearn fairness metrics, AIF360, Aequitas, calibration): ${metrics.toFixed(1)} ms`,
  `JSON model (NaN -> null with notes): ${jsonMs.toFixed(1)} ms`,
  `total: ${total.toFixed(1)} ms = ${fmt(ROWS / (total / 1000))} rows/s`,
  `with sample weights and a control feature (4 levels x 6 groups): ${weightedMs.toFixed(1)} ms = ${fmt(ROWS / (weightedMs / 1000))} rows/s`,
  `naive baseline (row objects, filter per group and metric, subset of the metrics): ${naiveMs.toFixed(0)} ms = ${fmt(ROWS / (naiveMs / 1000))} rows/s (${(naiveMs / total).toFixed(1)}x slower)`,
  `reweighing: ${reweighMs.toFixed(0)} ms; demographic-parity thresholds (${thr.satisfied ? 'met' : 'not met'}, DP ratio ${thr.before.demographicParityRatio.toFixed(3)} -> ${thr.after.demographicParityRatio.toFixed(3)}): ${thrMs.toFixed(0)} ms`,
  `optimised and naive results agree: ${ok ? 'yes' : 'NO'}`,
];
for (const l of lines) console.log(l);

let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
} catch {
  /* not a git checkout */
}
const cpus = os.cpus();
// The machine is shared: the load average says how busy it was while measuring.
const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}`;
if (write) {
  const file = join(root, 'docs/benchmarks.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:fairness:start -->';
  const end = '<!-- bench:fairness:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`docs/benchmarks.md lacks the ${start} / ${end} markers`);
  const section = [
    start,
    '## Fairness (`npm run bench:fairness`)',
    `Command: \`npm run bench:fairness\` · machine: ${machine} · commit: ${commit} · date: ${new Date().toISOString()}`,
    '',
    ...lines.map((l) => `- ${l}`),
    '',
    'The budget is one second for 1,000,000 predictions with two sensitive features, every metric, no bootstrap.',
    end,
  ].join('\n');
  writeFileSync(file, text.slice(0, i) + section + text.slice(j + end.length));
  console.log(`wrote the bench:fairness section of docs/benchmarks.md`);
}
if (!ok) process.exitCode = 1;
