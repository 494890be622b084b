#!/usr/bin/env node
// Entry for `npm run db:migrate`. Runs the TypeScript sources through tsx when it is installed
// (development, CI: no build step needed, never stale) and the SWC build in dist/ otherwise
// (production images that ship dist without dev dependencies).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

let cli;
const src = here('../src/cli.ts');
let tsx = null;
try {
  tsx = require('tsx/cjs/api');
} catch {
  tsx = null;
}
if (tsx && existsSync(src)) {
  cli = tsx.require(src, import.meta.url);
} else if (existsSync(here('../dist/cli.js'))) {
  cli = require(here('../dist/cli.js'));
} else {
  console.error('tools/migrate is not built and tsx is not installed: run `npm install` then `npx nx build @meridian/migrate`.');
  process.exit(1);
}

cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`db:migrate failed: ${err && err.message ? err.message : err}`);
    process.exit(1);
  },
);
