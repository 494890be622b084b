// Starts the real parts the browser test needs and stops them again: the API on embedded PGlite
// with the in-process queue, the production Next.js server pointed at it, and Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

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

export interface DashboardOptions {
  /** Names the temp data dir (meridian-e2e-<name>-…). */
  name: string;
  /** API environment on top of startApi's defaults (SEED_DEMO, DEMO_PASSWORD, rate limits…). */
  env?: Record<string, string>;
  /** page.setDefaultTimeout for every wait the file does not time itself. */
  defaultTimeout: number;
  /** Where ui.shot writes; test-output/e2e unless a file keeps its pictures apart. */
  screenshots?: string;
  /** Empty the screenshot folder first, so stale pictures from an earlier run cannot mislead. */
  clearScreenshots?: boolean;
  /** The failure picture is `<failurePrefix><test name, slugged>`, e.g. 'runs-failed-'. */
  failurePrefix: string;
  /** How much of the slugged test name goes into the failure picture's name. */
  failureNameChars?: number;
  /** Also collect console errors (other than the 4xx responses the browser logs for every provoked refusal). */
  consoleErrors?: boolean;
  /** Runs once the API answers and before the dashboard starts: set-up straight against the API. */
  beforeWeb?: (apiUrl: string) => Promise<void>;
}

export interface Dashboard {
  page: Page;
  context: BrowserContext;
  webUrl: string;
  apiUrl: string;
  /** Uncaught page errors (and console errors with `consoleErrors`); a file ends by expecting none. */
  pageErrors: string[];
  shot: (name: string) => Promise<void>;
}

/**
 * One browser-test file's world: a fresh API (embedded PGlite, own data dir), `next start` against
 * it and Chromium, started in beforeAll and stopped in afterAll; a failing test leaves a picture.
 * The fields of the returned object are filled in beforeAll, so read them inside tests only.
 */
export function useDashboard(opts: DashboardOptions): Dashboard {
  const dir = opts.screenshots ?? screenshotDir;
  let api: Proc | undefined;
  let web: Proc | undefined;
  let dataDir = '';
  let closeBrowser: (() => Promise<void>) | undefined;
  const ui = {
    webUrl: '',
    apiUrl: '',
    pageErrors: [] as string[],
    shot: async (name: string) => {
      await ui.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    },
  } as Dashboard;

  beforeAll(async () => {
    if (opts.clearScreenshots) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    dataDir = makeTempDir(`meridian-e2e-${opts.name}-`);
    // The web port is chosen first so the API can allow exactly that origin (CORS).
    const webPort = await freePort();
    const started = await startApi({ webOrigin: `http://127.0.0.1:${webPort}`, dataDir, env: opts.env });
    api = started.proc;
    ui.apiUrl = started.url;
    await opts.beforeWeb?.(started.url);
    const w = await startWeb(started.url, webPort);
    web = w.proc;
    ui.webUrl = w.url;
    const browser = await launchBrowser();
    ui.context = browser.context;
    closeBrowser = browser.close;
    ui.page = ui.context.pages()[0] ?? (await ui.context.newPage());
    ui.page.setDefaultTimeout(opts.defaultTimeout);
    if (opts.consoleErrors) {
      ui.page.on('console', (m) => {
        // The browser logs every 4xx fetch; the tests provoke 400/401/409 on purpose and check the UI instead.
        if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) ui.pageErrors.push(m.text());
      });
    }
    ui.page.on('pageerror', (e) => ui.pageErrors.push(e.message));
  }, 240_000);

  // A failing step leaves a picture of what the browser showed at that moment.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && ui.page) {
      await ui.shot(`${opts.failurePrefix}${ctx.task.name.replace(/[^\w]+/g, '-').slice(0, opts.failureNameChars ?? 50)}`).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await closeBrowser?.();
    await stop(web);
    await stop(api);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return ui;
}

/**
 * Signs up a new founder through the dashboard's proxy (page.request shares the browser's cookie
 * jar, so the session is the dashboard's) and creates one project in the new organisation.
 */
export async function signUpWithProject(
  ui: Dashboard,
  opts: { emailPrefix: string; name: string; organizationName: string; project: string },
): Promise<{ orgId: string; projectId: string }> {
  const r = ui.page.request;
  const signup = await r.post(`${ui.webUrl}/api/auth/signup`, {
    data: { email: `${opts.emailPrefix}+${Date.now().toString(36)}@example.com`, password: 'correct-horse-battery', name: opts.name, organizationName: opts.organizationName },
  });
  expect(signup.status()).toBe(201);
  const orgId = ((await signup.json()) as { memberships: { organizationId: string }[] }).memberships[0].organizationId;
  const p = await r.post(`${ui.webUrl}/api/orgs/${orgId}/projects`, { data: { name: opts.project, startupMode: 'APPLICATION', businessModel: 'SAAS' } });
  expect(p.status(), await p.text()).toBe(201);
  return { orgId, projectId: ((await p.json()) as { id: string }).id };
}

/** Polls fn every half second until done(value) holds; throws with the last value after timeoutMs. */
export async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
