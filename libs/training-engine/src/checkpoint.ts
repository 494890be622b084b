// A checkpoint is a folder per epoch plus a pointer file swapped in with a rename, so a crash
// mid-write leaves the previous checkpoint intact and resume never reads half a file.
import { mkdir, readFile, rename, rm, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { EpochLog } from './train';
import { EngineError } from './types';

export interface CheckpointState {
  format: 1;
  seed: number;
  specJson: string;
  trainRows: number;
  batchSize: number;
  epochsCompleted: number;
  history: EpochLog[];
  best: number | null;
  bestEpoch: number | null;
  wait: number;
  plateauLr: number;
  plateauBest: number | null;
  plateauWait: number;
  stopped: boolean;
  optimizerStep: number;
}

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

async function writeTensors(dir: string, base: string, tensors: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const entries: TensorEntry[] = [];
  let total = 0;
  const datas: (Float32Array | Int32Array)[] = [];
  for (const { name, tensor } of tensors) {
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    const data = (dtype === 'int32' ? Int32Array.from(await tensor.data()) : Float32Array.from(await tensor.data())) as Float32Array | Int32Array;
    entries.push({ name, shape: tensor.shape, dtype, offset: total, length: data.length });
    total += data.length;
    datas.push(data);
  }
  const buf = Buffer.alloc(total * 4);
  let off = 0;
  for (const d of datas) {
    Buffer.from(d.buffer, d.byteOffset, d.byteLength).copy(buf, off * 4);
    off += d.length;
  }
  await writeFile(join(dir, `${base}.bin`), buf);
  await writeFile(join(dir, `${base}.json`), JSON.stringify(entries));
}

async function readTensors(dir: string, base: string): Promise<{ name: string; tensor: tf.Tensor }[]> {
  const entries = JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as TensorEntry[];
  const buf = await readFile(join(dir, `${base}.bin`));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return entries.map((e) => {
    if (e.offset + e.length > buf.byteLength / 4) throw new EngineError('CHECKPOINT', `${join(dir, base)}.bin is truncated (tensor ${e.name})`);
    const data = e.dtype === 'int32' ? new Int32Array(ab, e.offset * 4, e.length) : new Float32Array(ab, e.offset * 4, e.length);
    return { name: e.name, tensor: tf.tensor(data.slice(), e.shape, e.dtype) };
  });
}

export async function writeCheckpoint(
  root: string,
  state: CheckpointState,
  weights: tf.Tensor[],
  optimizerWeights: { name: string; tensor: tf.Tensor }[],
  bestWeights: tf.Tensor[] | null,
): Promise<string> {
  const name = `epoch-${String(state.epochsCompleted).padStart(5, '0')}`;
  const dir = join(root, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeTensors(dir, 'weights', weights.map((t, i) => ({ name: String(i), tensor: t })));
  await writeTensors(dir, 'optimizer', optimizerWeights);
  if (bestWeights) await writeTensors(dir, 'best-weights', bestWeights.map((t, i) => ({ name: String(i), tensor: t })));
  await writeFile(join(dir, 'state.json'), JSON.stringify(state));
  const pointer = join(root, 'latest.json');
  await writeFile(`${pointer}.tmp`, JSON.stringify({ checkpoint: name, epochsCompleted: state.epochsCompleted }));
  await rename(`${pointer}.tmp`, pointer);
  for (const entry of await readdir(root)) {
    if (entry.startsWith('epoch-') && entry !== name) await rm(join(root, entry), { recursive: true, force: true });
  }
  return dir;
}

export interface LoadedCheckpoint {
  state: CheckpointState;
  weights: tf.Tensor[];
  optimizerWeights: { name: string; tensor: tf.Tensor }[];
  bestWeights: tf.Tensor[] | null;
  dispose(): void;
}

export async function readCheckpoint(root: string): Promise<LoadedCheckpoint> {
  let pointer: { checkpoint: string };
  try {
    pointer = JSON.parse(await readFile(join(root, 'latest.json'), 'utf8'));
  } catch (err) {
    throw new EngineError('CHECKPOINT', `no checkpoint in ${root} (${(err as Error).message}); pass the checkpointDir of an earlier run`);
  }
  const dir = join(root, pointer.checkpoint);
  try {
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as CheckpointState;
    const weights = (await readTensors(dir, 'weights')).map((e) => e.tensor);
    const optimizerWeights = await readTensors(dir, 'optimizer');
    let bestWeights: tf.Tensor[] | null = null;
    try {
      bestWeights = (await readTensors(dir, 'best-weights')).map((e) => tf.keep(e.tensor));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return {
      state,
      weights,
      optimizerWeights,
      bestWeights,
      dispose() {
        weights.forEach((t) => t.dispose());
        optimizerWeights.forEach((t) => t.tensor.dispose());
        bestWeights?.forEach((t) => t.dispose());
      },
    };
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('CHECKPOINT', `checkpoint ${dir} is unreadable: ${(err as Error).message}`);
  }
}
