// A checkpoint folder travels to the artifact store as one object: a length-prefixed JSON index
// of relative paths and sizes, then the files' bytes. Small, dependency-free and exact.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

interface Entry {
  path: string;
  size: number;
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(root, p, out);
    else if (e.isFile() && !e.name.endsWith('.tmp')) out.push(relative(root, p));
  }
}

export async function packDir(dir: string): Promise<Uint8Array> {
  const paths: string[] = [];
  await walk(dir, dir, paths);
  paths.sort();
  const datas = await Promise.all(paths.map((p) => readFile(join(dir, p))));
  const index: Entry[] = paths.map((p, i) => ({ path: p.split(sep).join('/'), size: datas[i].byteLength }));
  const head = Buffer.from(JSON.stringify(index));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.byteLength);
  return new Uint8Array(Buffer.concat([len, head, ...datas]));
}

export async function unpackDir(bytes: Uint8Array, dir: string): Promise<number> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.byteLength < 4) throw new Error('packed folder is empty or truncated');
  const headLen = buf.readUInt32BE(0);
  const index = JSON.parse(buf.subarray(4, 4 + headLen).toString('utf8')) as Entry[];
  let off = 4 + headLen;
  const root = resolve(dir);
  for (const e of index) {
    const target = resolve(root, e.path);
    if (!target.startsWith(root + sep)) throw new Error(`packed folder names a path outside its folder: ${e.path}`);
    if (off + e.size > buf.byteLength) throw new Error(`packed folder is truncated at ${e.path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, buf.subarray(off, off + e.size));
    off += e.size;
  }
  return index.length;
}

/** Packs named in-memory files (e.g. a saved model) in the same format as packDir. */
export async function packFiles(files: Record<string, Uint8Array>): Promise<Uint8Array> {
  const names = Object.keys(files).sort();
  const index: Entry[] = names.map((n) => ({ path: n, size: files[n].byteLength }));
  const head = Buffer.from(JSON.stringify(index));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.byteLength);
  return new Uint8Array(Buffer.concat([len, head, ...names.map((n) => Buffer.from(files[n].buffer, files[n].byteOffset, files[n].byteLength))]));
}

/** Reads a pack into named in-memory files. */
export function unpackFiles(bytes: Uint8Array): Record<string, Uint8Array> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.byteLength < 4) throw new Error('pack is empty or truncated');
  const headLen = buf.readUInt32BE(0);
  const index = JSON.parse(buf.subarray(4, 4 + headLen).toString('utf8')) as Entry[];
  let off = 4 + headLen;
  const out: Record<string, Uint8Array> = {};
  for (const e of index) {
    if (off + e.size > buf.byteLength) throw new Error(`pack is truncated at ${e.path}`);
    out[e.path] = new Uint8Array(buf.subarray(off, off + e.size));
    off += e.size;
  }
  return out;
}
