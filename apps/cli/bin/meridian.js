#!/usr/bin/env node
// Runs the built CLI (dist/main.js, from building the CLI and its libraries). In a source checkout
// without complete builds it falls back to the TypeScript sources through tsx, so `npx meridian`
// works either way.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

function fromSources() {
  // The workspace tsconfig maps @meridian/* to library sources.
  process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || join(__dirname, '..', 'tsconfig.json');
  try {
    require('tsx/cjs');
  } catch {
    process.stderr.write('meridian: the CLI is not built and tsx is not installed; run `npx nx run @meridian/cli:build` (it builds the libraries too)\n');
    process.exit(1);
  }
  return require(join(__dirname, '..', 'src', 'main.ts'));
}

function load() {
  const dist = join(__dirname, '..', 'dist', 'main.js');
  if (!existsSync(dist)) return fromSources();
  try {
    return require(dist);
  } catch (err) {
    // A built CLI over unbuilt libraries: use the sources rather than fail.
    if (err && err.code === 'MODULE_NOT_FOUND' && /@meridian|[\\/]dist[\\/]/.test(String(err.message))) return fromSources();
    throw err;
  }
}

load()
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
