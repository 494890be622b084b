// Test-only CSV reader: the engine must not import the data pipeline, and the shipped datasets
// are plain numeric CSVs with a header and the label in the last column.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset2D } from '../src';

export const DATASETS_DIR = join(__dirname, '..', '..', '..', 'datasets');

export interface Table {
  header: string[];
  rows: number[][];
}

export function readNumericCsv(file: string): Table {
  const text = readFileSync(join(DATASETS_DIR, file), 'utf8').trim();
  const [head, ...lines] = text.split(/\r?\n/);
  return { header: head.split(','), rows: lines.map((l) => l.split(',').map(Number)) };
}

/** Seeded stratified split of row indices into train/test (fraction for test). */
export function stratifiedSplit(labels: number[], testFraction: number, seed: number): { train: number[]; test: number[] } {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const byClass = new Map<number, number[]>();
  labels.forEach((y, i) => byClass.set(y, [...(byClass.get(y) ?? []), i]));
  const train: number[] = [];
  const test: number[] = [];
  for (const idx of [...byClass.keys()].sort((a, b) => a - b).map((k) => byClass.get(k)!)) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    const k = Math.round(idx.length * testFraction);
    test.push(...idx.slice(0, k));
    train.push(...idx.slice(k));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

export function toDataset(rows: number[][], idx: number[], featureShape: number[], map: (v: number, col: number) => number = (v) => v): Dataset2D {
  const per = featureShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(idx.length * per);
  const y = new Int32Array(idx.length);
  idx.forEach((r, i) => {
    for (let c = 0; c < per; c++) x[i * per + c] = map(rows[r][c], c);
    y[i] = rows[r][per];
  });
  return { x, shape: [idx.length, ...featureShape], y };
}

/** Mean and std per column from the training rows only. */
export function standardiser(rows: number[][], idx: number[], cols: number): (v: number, c: number) => number {
  const mean = new Array(cols).fill(0);
  const sd = new Array(cols).fill(0);
  for (const r of idx) for (let c = 0; c < cols; c++) mean[c] += rows[r][c] / idx.length;
  for (const r of idx) for (let c = 0; c < cols; c++) sd[c] += (rows[r][c] - mean[c]) ** 2 / idx.length;
  return (v, c) => (v - mean[c]) / (Math.sqrt(sd[c]) || 1);
}
