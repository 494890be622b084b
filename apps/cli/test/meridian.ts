// Runs the real `meridian` command (TypeScript sources through tsx) on the real datasets.
// Shared by the CLI test files; vitest runs the files in parallel.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(__dirname, '../../..');
const main = resolve(__dirname, '../src/main.ts');
export const digits = join(root, 'datasets/digits-8x8.csv');
export const cancer = join(root, 'datasets/breast-cancer-wisconsin.csv');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function meridian(...args: string[]): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', main, ...args], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: resolve(__dirname, '../tsconfig.json'), FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export const tmp = mkdtempSync(join(tmpdir(), 'meridian-cli-'));
export const spec = (name: string, body: object) => {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
};
export const goodSpec = spec('good.json', {
  task: 'multiclass',
  inputShape: [64],
  layers: [
    { type: 'dense', units: 32, activation: 'relu' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ],
  optimizer: { type: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  epochs: 3,
});
export const badSpec = spec('bad.json', { task: 'multiclass', inputShape: [64], layers: [{ type: 'dense', units: 0 }], optimizer: { type: 'adam' }, loss: 'mse' });
export const wrongOutputs = spec('three.json', { task: 'multiclass', inputShape: [64], layers: [{ type: 'dense', units: 3, activation: 'softmax' }], optimizer: { type: 'adam' }, loss: 'categoricalCrossentropy' });

