#!/usr/bin/env node
// `npm test`: the whole suite, the same command CI runs (.ci/run). Lint, typecheck, unit and
// integration tests of every package, then the browser end-to-end tests, then one total.
// Integration suites use the real PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) when they
// answer, and fall back to embedded PGlite and the in-process queue when they do not.
import { readdirSync, readFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, nx, nxEnv, reachable, root, run } from './lib.mjs';
import { ensureBrowser } from './ensure-browser.mjs';

checkNode();
const started = Date.now();
const chrome = ensureBrowser();
const pg = await reachable('127.0.0.1', 5432);
const redis = await reachable('127.0.0.1', 6379);
console.log(`▸ PostgreSQL 127.0.0.1:5432: ${pg ? 'reachable, integration tests use it' : 'not reachable, integration tests use embedded PGlite'}`);
console.log(`▸ Redis 127.0.0.1:6379: ${redis ? 'reachable, queue tests use BullMQ on it' : 'not reachable, queue tests use the in-process queue'}`);
console.log(`▸ Chromium: ${chrome}`);

const reports = join(root, 'test-output', 'vitest');
rmSync(reports, { recursive: true, force: true });
const env = {
  ...nxEnv,
  TZ: 'UTC',
  CHROME_PATH: chrome,
};
// --skip-nx-cache: a test run should prove the code now, not replay a cached success.
const steps = [
  ['lint', 'typecheck'],
  ['test'],
  ['e2e'],
];
let failed = false;
for (const targets of steps) {
  const code = await run(nx, ['run-many', '-t', ...targets, '--output-style=stream', '--skip-nx-cache'], { env });
  if (code !== 0) {
    failed = true;
    console.error(`\n✖ nx run-many -t ${targets.join(' ')} failed`);
    break;
  }
}

let passed = 0;
let failedTests = 0;
let skipped = 0;
for (const file of walk(reports)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failedTests += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nMeridian test suite finished in ${minutes} min`);
console.log(`${passed} passed, ${failedTests} failed, ${skipped} skipped`);
process.exit(failed || failedTests > 0 || passed === 0 ? 1 : 0);

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (name.endsWith('.json')) yield p;
  }
}
