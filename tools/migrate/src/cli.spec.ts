import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli';

describe('db:migrate CLI', () => {
  let out: string[];
  const saved = { ...process.env };
  beforeEach(() => {
    out = [];
    vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    vi.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m));
    delete process.env.DATABASE_URL;
    delete process.env.PGLITE_DATA_DIR;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  it('explains its usage on a bad option', async () => {
    expect(await main(['--frobnicate'])).toBe(2);
    expect(out.join('\n')).toMatch(/Unknown option '--frobnicate'[\s\S]*Usage:/);
  });

  it('migrates an embedded data folder, then reports it up to date', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'meridian-cli-')), 'pglite');
    expect(await main(['--data-dir', dataDir])).toBe(0);
    expect(out.join('\n')).toMatch(/applied \d+ migration/);
    out.length = 0;
    expect(await main(['--status', '--data-dir', dataDir])).toBe(0);
    expect(out.join('\n')).toMatch(/up to date/);
  });

  it('runs from bin/migrate.mjs with no build step', () => {
    const r = spawnSync(process.execPath, [join(__dirname, '..', 'bin', 'migrate.mjs'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/npm run db:migrate -- --create NAME/);
  });
});
