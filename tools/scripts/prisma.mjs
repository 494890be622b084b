#!/usr/bin/env node
// Runs the Prisma CLI (generate, validate, format) from anywhere in the repo. Those commands only
// need the native schema engine to *exist*; where it is neither installed nor downloadable (these
// offline machines), we point PRISMA_SCHEMA_ENGINE_BINARY at an existing file for that one run.
// Migrations never go through here: they use `npm run db:migrate` (tools/migrate, WebAssembly engine).
import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..', '..');
const require = createRequire(self);
const args = process.argv.slice(2);
const SAFE_WITHOUT_ENGINE = new Set(['generate', 'validate', 'format', 'version', '-v', '--version']);

if (args.length === 0) {
  console.error('usage: node tools/scripts/prisma.mjs <generate|validate|format> [prisma options]');
  process.exit(2);
}
if (args[0] === 'migrate' || args[0] === 'db') {
  console.error(`Use "npm run db:migrate" (tools/migrate) instead of "prisma ${args[0]}": it applies prisma/migrations offline and under a lock.`);
  process.exit(2);
}

function installedEngine() {
  for (const pkg of ['@prisma/engines/package.json', 'prisma/package.json']) {
    let dir;
    try {
      dir = dirname(require.resolve(pkg, { paths: [root] }));
    } catch {
      continue;
    }
    if (readdirSync(dir).some((f) => f.startsWith('schema-engine-'))) return true;
  }
  return false;
}

async function binariesHostReachable() {
  const host = new URL(process.env.PRISMA_ENGINES_MIRROR ?? 'https://binaries.prisma.sh').hostname;
  try {
    await Promise.race([lookup(host), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1500))]);
    return true;
  } catch {
    return false;
  }
}

// Docker's dependency layer installs before the schema is copied in; the build step generates later.
if (process.env.npm_lifecycle_event === 'postinstall' && !existsSync(join(root, 'prisma', 'schema.prisma'))) {
  console.warn('prisma/schema.prisma not present yet: skipping prisma generate (the db build generates it).');
  process.exit(0);
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !installedEngine() && !(await binariesHostReachable())) {
  if (!SAFE_WITHOUT_ENGINE.has(args[0])) {
    console.error(`"prisma ${args[0]}" needs the native schema engine, which is not installed and cannot be downloaded here.`);
    process.exit(2);
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = self;
}

let cli = null;
try {
  cli = join(dirname(require.resolve('prisma/package.json', { paths: [root] })), 'build', 'index.js');
} catch {
  cli = null;
}
if (!cli || !existsSync(cli)) {
  // `npm ci --omit=dev` (production images) has no Prisma CLI: the client was generated at build time.
  if (process.env.npm_lifecycle_event === 'postinstall') {
    console.warn('prisma CLI not installed (production install?): skipping prisma generate.');
    process.exit(0);
  }
  console.error('Prisma CLI not found: run npm install (it is a dev dependency of the repo root).');
  process.exit(1);
}
const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', cwd: root, env });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
