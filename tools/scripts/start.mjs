#!/usr/bin/env node
// `npm start`: builds what is stale (Nx cache), then runs the platform on its embedded defaults:
// one Node process with the API and the job processors (PGlite in .data/, in-process queue), and
// the Next.js dashboard talking to it over HTTP. Set DATABASE_URL / REDIS_URL to use real servers.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { checkNode, nx, nxEnv, root, runOrExit } from './lib.mjs';

checkNode();
const apiPort = Number(process.env.PORT ?? 4000);
const webPort = Number(process.env.WEB_PORT ?? 3000);
const apiUrl = `http://127.0.0.1:${apiPort}`;
const webUrl = process.env.WEB_ORIGIN ?? `http://localhost:${webPort}`;

console.log('▸ Building the API, job processors and dashboard (cached after the first time)…');
await runOrExit(nx, ['run-many', '-t', 'build', '-p', '@meridian/api', '@meridian/web', '--output-style=stream'], { env: nxEnv });

const children = [];
function launch(name, cmd, args, env, cwd = root) {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdout.on('data', (d) => process.stdout.write(prefix(name, d)));
  child.stderr.on('data', (d) => process.stderr.write(prefix(name, d)));
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`✖ ${name} stopped (${signal ?? `exit ${code}`}); stopping the platform.`);
      shutdown(code || 1);
    }
  });
  children.push(child);
  return child;
}
function prefix(name, data) {
  return data
    .toString()
    .split('\n')
    .map((l, i, all) => (l === '' && i === all.length - 1 ? '' : `[${name}] ${l}`))
    .join('\n');
}
let shuttingDown = false;
function shutdown(code = 0) {
  shuttingDown = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

const apiEnv = {
  NODE_ENV: process.env.NODE_ENV ?? 'production',
  PORT: String(apiPort),
  WEB_ORIGIN: webUrl,
  // The dashboard is served over plain http on this machine; Secure cookies need https (Safari
  // enforces it even on localhost). Behind TLS, set COOKIE_SECURE=true.
  COOKIE_SECURE: process.env.COOKIE_SECURE ?? (webUrl.startsWith('https:') ? 'true' : 'false'),
  PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR ?? join(root, '.data', 'pglite'),
  ARTIFACTS_DIR: process.env.ARTIFACTS_DIR ?? join(root, '.data', 'artifacts'),
};
launch('api', process.execPath, ['--enable-source-maps', 'apps/api/dist/main.js'], apiEnv);

// Readiness before the dashboard: migrations and the demo seed happen during API start-up.
const deadline = Date.now() + 180_000;
for (;;) {
  try {
    const res = await fetch(`${apiUrl}/api/health/ready`);
    if (res.ok) break;
  } catch {
    /* not listening yet */
  }
  if (Date.now() > deadline) {
    console.error(`✖ the API did not become ready at ${apiUrl}/api/health/ready within 180 s`);
    shutdown(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}
launch('web', join(root, 'node_modules', '.bin', 'next'), ['start', '-p', String(webPort)], {
  ...nxEnv,
  API_URL: apiUrl,
  NODE_ENV: 'production',
}, join(root, 'apps', 'web'));
await waitFor(`http://127.0.0.1:${webPort}/login`);
const demoPassword = process.env.DEMO_PASSWORD ?? 'meridian-demo-2026';
console.log(`
  ┌──────────────────────────────────────────────────────────────┐
    Meridian is running (${process.env.DATABASE_URL ? 'PostgreSQL server' : `embedded PostgreSQL (PGlite) in ${apiEnv.PGLITE_DATA_DIR}`}, ${process.env.REDIS_URL ? 'BullMQ on Redis' : 'in-process queue'})
    Dashboard:  ${webUrl}
    Demo login: demo@meridian.local / ${demoPassword}
    API:        ${apiUrl}/api   (OpenAPI: ${apiUrl}/api/docs, GraphQL: ${apiUrl}/graphql)
    Stop with Ctrl+C.
  └──────────────────────────────────────────────────────────────┘
`);

async function waitFor(url) {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`✖ the dashboard did not answer at ${url}`);
  shutdown(1);
}
