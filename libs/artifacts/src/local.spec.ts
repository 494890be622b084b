import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll } from 'vitest';
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
