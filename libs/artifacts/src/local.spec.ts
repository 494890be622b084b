import { appendFile, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactStoreContract } from '../test/contract';
import { LocalArtifactStore } from './local';

async function walk(dir: string, root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p, root)));
    else out.push(relative(root, p));
  }
  return out.sort();
}

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

artifactStoreContract('local folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'artifacts-local-'));
  roots.push(root);
  const store = new LocalArtifactStore(root);
  return {
    store,
    corrupt: (key) => appendFile(join(root, key), 'tampered'),
    // Every file on disk, temp folder included: a refused upload must add none.
    leftovers: () => walk(root, root),
  };
});

describe('local folder: a reader that stops early', () => {
  // Linux exposes the process's open files in /proc/self/fd; elsewhere the check has nothing to read.
  const openFilesUnder = async (root: string) => {
    const fds = await readdir('/proc/self/fd').catch(() => null);
    if (!fds) return null;
    const targets = await Promise.all(fds.map((fd) => readlink(join('/proc/self/fd', fd)).catch(() => '')));
    return targets.filter((t) => t.startsWith(root)).length;
  };

  it('closes the file when the verifying stream is destroyed before the end', async () => {
    const root = await mkdtemp(join(tmpdir(), 'artifacts-local-early-'));
    roots.push(root);
    const store = new LocalArtifactStore(root);
    const body = Buffer.alloc(4 * 1024 * 1024, 'a');
    const { sha256 } = await store.put('big.bin', body);
    const stream = await store.getStream('big.bin');
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    // Closing a file is asynchronous: poll (up to 5 s) rather than sample once.
    let open = await openFilesUnder(root);
    for (let i = 0; i < 100 && open !== null && open > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      open = await openFilesUnder(root);
    }
    if (open === null) return;
    expect(open).toBe(0);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
