import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packDir, unpackDir } from './pack';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('packDir / unpackDir', () => {
  it('round-trips nested files byte for byte', async () => {
    const a = await mkdtemp(join(tmpdir(), 'pack-a-'));
    const b = await mkdtemp(join(tmpdir(), 'pack-b-'));
    dirs.push(a, b);
    await mkdir(join(a, 'epoch-00002'));
    await writeFile(join(a, 'latest.json'), '{"checkpoint":"epoch-00002"}');
    await writeFile(join(a, 'epoch-00002', 'weights.bin'), Buffer.from([0, 1, 2, 255]));
    const packed = await packDir(a);
    expect(await unpackDir(packed, b)).toBe(2);
    expect(await readFile(join(b, 'latest.json'), 'utf8')).toBe('{"checkpoint":"epoch-00002"}');
    expect([...(await readFile(join(b, 'epoch-00002', 'weights.bin')))]).toEqual([0, 1, 2, 255]);
  });
  it('refuses truncated input and paths that escape', async () => {
    const b = await mkdtemp(join(tmpdir(), 'pack-c-'));
    dirs.push(b);
    await expect(unpackDir(new Uint8Array([0, 0]), b)).rejects.toThrow(/truncated/);
    const head = Buffer.from(JSON.stringify([{ path: '../evil', size: 1 }]));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(head.length);
    await expect(unpackDir(Buffer.concat([len, head, Buffer.from([1])]), b)).rejects.toThrow(/outside/);
  });
});
