// Starts the real parts the browser test needs and stops them again: the API on embedded PGlite
// with the in-process queue, the production Next.js server pointed at it, and Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const repoRoot = resolve(__dirname, '../../..');
export const webRoot = resolve(__dirname, '..');
export const screenshotDir = join(repoRoot, 'test-output', 'e2e');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** Last lines of output, for the failure message when the process dies or never gets ready. */
  tail: () => string;
}

function launch(name: string, cmd: string, args: string[], env: Record<string, string>, cwd: string): Proc {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (d: Buffer) => {
    lines.push(...d.toString().split('\n').filter(Boolean));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, tail: () => lines.join('\n') };
}

async function waitForHttp(proc: Proc, url: string, ok: (status: number) => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.child.exitCode !== null) {
      throw new Error(`${proc.name} exited with code ${proc.child.exitCode} before ${url} answered. Its output:\n${proc.tail()}`);
    }
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (ok(res.status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs / 1000} s. Its output:\n${proc.tail()}`);
}

export async function stop(proc: Proc | undefined): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode) return;
  const exited = new Promise<void>((r) => proc.child.once('exit', () => r()));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startApi(opts: { webOrigin: string; dataDir: string; env?: Record<string, string> }): Promise<{ proc: Proc; url: string }> {
  const main = join(repoRoot, 'apps/api/dist/main.js');
  if (!existsSync(main)) {
    throw new Error(`The API is not built (${main} is missing). Run \`npx nx run @meridian/web:e2e\` (it builds what it needs) or \`npx nx build @meridian/api\` first.`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = launch(
    'api',
    process.execPath,
    ['--enable-source-maps', main],
    {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_ORIGIN: opts.webOrigin,
      // Embedded mode on purpose: no external database or Redis, whatever the caller's shell has.
      DATABASE_URL: '',
      REDIS_URL: '',
      PGLITE_DATA_DIR: join(opts.dataDir, 'pglite'),
      ARTIFACTS_DIR: join(opts.dataDir, 'artifacts'),
      COOKIE_SECURE: 'false',
      // Low enough that the rate-limit test reaches it quickly, high enough for the other steps.
      RATE_LIMIT_AUTH_PER_MINUTE: '12',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    repoRoot,
  );
  await waitForHttp(proc, `${url}/api/health/ready`, (s) => s === 200, 180_000);
  return { proc, url };
}

export async function startWeb(apiUrl: string, port: number): Promise<{ proc: Proc; url: string }> {
  if (!existsSync(join(webRoot, '.next', 'BUILD_ID'))) {
    throw new Error('The dashboard has no production build (apps/web/.next). Run `npx nx build @meridian/web` first; the e2e target does it for you.');
  }
  const url = `http://127.0.0.1:${port}`;
  const next = join(repoRoot, 'node_modules/.bin/next');
  const proc = launch('web', next, ['start', '-p', String(port), '-H', '127.0.0.1'], { API_URL: apiUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }, webRoot);
  await waitForHttp(proc, `${url}/login`, (s) => s === 200, 60_000);
  return { proc, url };
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium for the browser tests (looked at ${candidates.join(', ')}). Install Debian's: \`sudo apt-get update && sudo apt-get install -y chromium\`, ` +
        'or set CHROME_PATH to a Chrome/Chromium binary. (`npx playwright install` needs a download host this network does not reach.)',
    );
  }
  return found;
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = chromiumPath();
  const profile = mkdtempSync(join(tmpdir(), 'meridian-e2e-chrome-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(dir, { recursive: true });
  return dir;
}
