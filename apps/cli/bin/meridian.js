#!/usr/bin/env node
// Runs the built CLI (dist/main.js, from `npm run build -w @meridian/cli`). In a source checkout
// without a build it falls back to the TypeScript sources through tsx, so `npx meridian` works.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist', 'main.js');
let entry = dist;
if (!existsSync(dist)) {
  // The workspace tsconfig maps @meridian/* to library sources.
  process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || join(__dirname, '..', 'tsconfig.json');
  try {
    require('tsx/cjs');
  } catch {
    process.stderr.write('meridian: the CLI is not built; run `npm run build -w @meridian/cli` (and its libraries) first\n');
    process.exit(1);
  }
  entry = join(__dirname, '..', 'src', 'main.ts');
}
require(entry)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
