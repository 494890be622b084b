// Shared by the runs-ops suites: real apps/worker child processes, a digits dataset version written
// straight to the store, a server-sent-events reader, and a private redis-server on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArtifactStore } from '@meridian/artifacts';
import { newId } from '@meridian/db';
import { ARTIFACT_STORE } from '../src/artifacts/artifacts.module';
import { waitFor, type Harness } from './harness';

export const root = join(__dirname, '..', '..', '..');

export interface WorkerProc {
  proc: ChildProcess;
  tag: string;
}

/** Starts apps/worker from its TypeScript sources; its log lines go to `lines` prefixed with [tag]. */
export function startWorkerProcess(tag: string, env: Record<string, string>, lines: string[]): WorkerProc {
  const proc = spawn(process.execPath, ['-r', join(root, 'apps/worker/test/swc-register.cjs'), join(root, 'apps/worker/src/main.ts')], {
    cwd: root,
    env: { ...process.env, CI: '', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean).map((l) => `[${tag}] ${l}`)));
  proc.stderr!.on('data', (d: Buffer) => lines.push(`[${tag}] ${d.toString()}`));
  return { proc, tag };
}

export function workerReady(w: WorkerProc, lines: string[], timeoutMs = 60_000): Promise<unknown> {
  return waitFor(async () => lines.some((l) => l.startsWith(`[${w.tag}]`) && l.includes('"worker ready"')), Boolean, timeoutMs).catch((e: Error) => {
    throw new Error(`${e.message}\nworker output:\n${lines.join('\n')}`);
  });
}

export async function stopProcess(p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill(signal);
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
  if (p.exitCode === null && p.signalCode === null) {
    p.kill('SIGKILL');
    await exited;
  }
}

/** A DatasetVersion of datasets/digits-8x8.csv (1,797 rows, label column "label"). */
export async function digitsVersion(h: Harness, orgId: string, projectId: string): Promise<string> {
  const bytes = await readFile(join(root, 'datasets/digits-8x8.csv'));
  const sha = createHash('sha256').update(bytes).digest('hex');
  const datasetId = newId();
  const key = `datasets/${orgId}/${datasetId}/${sha}.csv`;
  await h.api.app.get<ArtifactStore>(ARTIFACT_STORE).put(key, bytes);
  await h.db.prisma.dataset.create({ data: { id: datasetId, organizationId: orgId, projectId, name: 'digits' } });
  const id = newId();
  await h.db.prisma.datasetVersion.create({ data: { id, organizationId: orgId, datasetId, version: 1, contentHash: sha, sizeBytes: BigInt(bytes.length), format: 'CSV', fileName: 'digits-8x8.csv', artifactKey: key, rowCount: 1797 } });
  return id;
}

export interface SseEvent<D = Record<string, unknown>> {
  event: string;
  data: D;
}

/** Reads a server-sent-events response into `events` until the server ends it or `signal` aborts. */
export function readSse(url: string, headers: Record<string, string>, signal: AbortSignal): { events: SseEvent[]; done: Promise<number> } {
  const events: SseEvent[] = [];
  const done = fetch(url, { headers, signal }).then(async (r) => {
    if (r.status !== 200) return r.status;
    const reader = r.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buf += dec.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.*)$/m.exec(chunk)?.[1];
        const data = /^data: (.*)$/m.exec(chunk)?.[1];
        if (ev && data) events.push({ event: ev, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
    return r.status;
  });
  return { events, done: done.catch((e: Error) => (e.name === 'AbortError' ? 200 : Promise.reject(e))) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server (the Debian binary) on a free port, with the persistence production must
 * have (ARCHITECTURE.md): append-only file, fsync every second, never evict keys. stop() shuts it
 * down the way a restart or a crash-free reboot does (SHUTDOWN writes the AOF); kill() is a crash.
 */
export class PrivateRedis {
  private proc?: ChildProcess;
  readonly output: string[] = [];
  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort(), await mkdtemp(join(tmpdir(), 'runs-ops-redis-')));
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
    const proc = spawn(bin, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => this.output.push(d.toString()));
    proc.stderr!.on('data', (d: Buffer) => this.output.push(d.toString()));
    this.proc = proc;
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}):\n${this.output.join('')}`);
        return (await redisPing(this.port)) === '+PONG';
      },
      Boolean,
      20_000,
    );
  }

  /** SHUTDOWN (the AOF is flushed), as `systemctl restart redis` or a container stop does. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }

  async close(): Promise<void> {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc!.once('exit', r));
      this.proc.kill('SIGKILL');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** One PING over a raw socket: '+PONG' when ready, '-LOADING ...' while it replays its AOF, null when down. */
export function redisPing(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    let buf = '';
    const done = (v: string | null) => (s.destroy(), resolve(v));
    s.setTimeout(1_000, () => done(null));
    s.once('error', () => done(null));
    s.once('connect', () => s.write('PING\r\n'));
    s.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.split('\r\n')[0]);
    });
  });
}
