// The real thread on the real digits file: two epochs, metrics and checkpoints posted, a resume
// that continues from the checkpoint, and a test report with a confusion matrix.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInWorkerThread } from '../../worker-thread';
import type { TrainThreadInput, TrainThreadMessage, TrainThreadResult } from './train-thread';

const DIGITS = join(__dirname, '../../../../../datasets/digits-8x8.csv');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function input(checkpointDir: string, over: Partial<TrainThreadInput> = {}): TrainThreadInput {
  return {
    datasetPath: DIGITS,
    labelColumn: 'label',
    preset: 'mlp-classifier',
    spec: null,
    epochs: 2,
    seed: 7,
    split: { fractions: [0.8, 0.1, 0.1], stratify: true },
    transform: { numeric: 'standardize', exclude: [] },
    backend: 'auto',
    checkpointDir,
    resume: false,
    batchMetricEvery: 10,
    ...over,
  };
}

describe('train-thread', () => {
  it('trains digits in a worker thread, posting batches, epochs and checkpoints', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'train-thread-'));
    dirs.push(dir);
    const msgs: TrainThreadMessage[] = [];
    const res = await runInWorkerThread<TrainThreadInput, TrainThreadResult>(join(__dirname, 'train-thread.ts'), input(dir), { onMessage: (m) => msgs.push(m as TrainThreadMessage) });
    expect(res.epochsCompleted).toBe(2);
    expect(res.report.task).toBe('multiclass');
    if (res.report.task === 'multiclass') {
      expect(res.report.accuracy).toBeGreaterThan(0.7);
      expect(res.report.confusionMatrix).toHaveLength(10);
    }
    expect(res.inputSchema).toHaveLength(64);
    expect(res.cpuMs).toBeGreaterThan(0);
    expect(Object.keys(res.files).sort()).toEqual(['meridian.json', 'model.json', 'weights.bin']);
    expect(msgs[0].type).toBe('start');
    const epochs = msgs.filter((m) => m.type === 'epoch');
    expect(epochs.map((m) => m.epoch)).toEqual([0, 1]);
    expect(Object.keys(epochs[0].type === 'epoch' ? epochs[0].values : {})).toEqual(expect.arrayContaining(['loss', 'accuracy', 'val_loss', 'val_accuracy']));
    expect(msgs.some((m) => m.type === 'batch')).toBe(true);

    // A run killed after its first epoch resumes from that checkpoint: only epoch 1 runs again.
    const dir2 = await mkdtemp(join(tmpdir(), 'train-thread-'));
    dirs.push(dir2);
    const ac = new AbortController();
    await expect(
      runInWorkerThread(join(__dirname, 'train-thread.ts'), input(dir2), { signal: ac.signal, onMessage: (m) => (m as TrainThreadMessage).type === 'epoch' && ac.abort(new Error('killed')) }),
    ).rejects.toThrow('killed');
    const again: TrainThreadMessage[] = [];
    const more = await runInWorkerThread<TrainThreadInput, TrainThreadResult>(join(__dirname, 'train-thread.ts'), input(dir2, { resume: true }), { onMessage: (m) => again.push(m as TrainThreadMessage) });
    expect(more.resumedFromEpoch).not.toBeNull();
    expect(again.filter((m) => m.type === 'epoch').map((m) => m.epoch)).toEqual([1]);
  }, 120_000);

  it('reports an unknown label column with the columns there are', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'train-thread-'));
    dirs.push(dir);
    await expect(runInWorkerThread(join(__dirname, 'train-thread.ts'), input(dir, { labelColumn: 'nope' }))).rejects.toThrow(/nope/);
  }, 60_000);
});
