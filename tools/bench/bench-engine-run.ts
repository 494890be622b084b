// Child of bench-engine.mjs: trains the presets on the best backend and prints one JSON line.
import { buildPresetSpec, selectBackend, train, type BackendPreference, type Dataset2D } from '@meridian/training-engine';

interface BenchModel {
  model: string;
  inputShape: number[];
  batchSize: number;
  rows: number;
}

function randomData(rows: number, inputShape: number[], seed: number): Dataset2D {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const per = inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows * per);
  for (let i = 0; i < x.length; i++) x[i] = rand();
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = Math.floor(rand() * 10);
  return { x, shape: [rows, ...inputShape], y };
}

async function main(): Promise<void> {
  const models = JSON.parse(process.argv[2]) as BenchModel[];
  const backend = await selectBackend({ prefer: (process.env.MERIDIAN_BACKEND as BackendPreference | undefined) ?? 'auto' });
  const results = [];
  for (const m of models) {
    const spec = buildPresetSpec(m.model, { inputShape: m.inputShape, numClasses: 10 });
    // CPU time per epoch too: unlike wall time it does not count the moments a neighbour holds the core.
    const cpuRates: number[] = [];
    let mark = process.cpuUsage();
    const res = await train({
      spec,
      train: randomData(m.rows, m.inputShape, 7),
      epochs: 4,
      batchSize: m.batchSize,
      seed: 1,
      callbacks: {
        onEpochEnd: () => {
          const used = process.cpuUsage(mark);
          cpuRates.push(m.rows / ((used.user + used.system) / 1e6));
          mark = process.cpuUsage();
        },
      },
    });
    res.model.dispose();
    results.push({
      ...m,
      samples_per_s: Math.max(...res.history.slice(1).map((h) => h.samplesPerSecond)),
      cpu_samples_per_s: Math.max(...cpuRates.slice(1)),
    });
  }
  process.stdout.write(`${JSON.stringify({ backend, results })}\n`);
}

void main();
