// npm run bench:engine — training throughput of the mlp-classifier and cnn-image presets on the best
// available TensorFlow.js backend, next to the same models in PyTorch on the CPU of this machine.
// One warm-up epoch, then the best of three measured epochs of random data on each side (the
// machine is shared: best-of-3 keeps a neighbour's burst out of either number). Installs nothing.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { commit, machine, root, writeSection } from './bench-lib.mjs';

const MODELS = [
  { model: 'mlp-classifier', inputShape: [784], batchSize: 32, rows: 32 * 250 },
  { model: 'cnn-image', inputShape: [28, 28, 1], batchSize: 64, rows: 64 * 24 },
];

const PYTORCH = String.raw`
import json, sys, time, torch
from torch import nn
cfg = json.loads(sys.argv[1])
if sys.argv[2] == "1": torch.set_num_threads(1)
torch.manual_seed(0)
def mlp(): return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
def cnn(): return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                                nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10))
out = {"threads": torch.get_num_threads(), "version": torch.__version__}
for m in cfg:
    model = mlp() if m["model"] == "mlp-classifier" else cnn()
    shape = [m["rows"], 784] if m["model"] == "mlp-classifier" else [m["rows"], 1, 28, 28]
    x = torch.rand(shape); y = torch.randint(0, 10, (m["rows"],))
    opt = torch.optim.Adam(model.parameters(), lr=0.001); loss_fn = nn.CrossEntropyLoss()
    rates = []; cpu_rates = []
    for epoch in range(4):
        perm = torch.randperm(m["rows"]); t = time.perf_counter(); c = time.process_time()
        for i in range(0, m["rows"], m["batchSize"]):
            idx = perm[i:i + m["batchSize"]]
            opt.zero_grad(); loss = loss_fn(model(x[idx]), y[idx]); loss.backward(); opt.step()
        rates.append(m["rows"] / (time.perf_counter() - t)); cpu_rates.append(m["rows"] / (time.process_time() - c))
    out[m["model"]] = max(rates[1:]); out[m["model"] + ":cpu"] = max(cpu_rates[1:])
print(json.dumps(out))
`;

function findTorchPython() {
  // MERIDIAN_BENCH_PYTHON picks another interpreter (e.g. a venv with pip's torch).
  const candidates = process.env.MERIDIAN_BENCH_PYTHON ? [process.env.MERIDIAN_BENCH_PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

const torchPython = findTorchPython();
if (!torchPython) {
  console.error('PyTorch not found: baseline is null. Install it with: apt-get update && apt-get install -y python3-torch (Debian; it installs for /usr/bin/python3)');
}

// The wasm backend runs on one thread in Node, so the baseline is pinned to one thread as well:
// torch's own pool and the BLAS/OpenMP pools (OpenBLAS starts one thread per core by itself).
// A second run with PyTorch's defaults is reported beside it for reference.
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function runPytorch(models, pinned) {
  if (!torchPython) return null;
  const env = pinned ? { ...process.env, ...ONE_THREAD } : process.env;
  const r = spawnSync(torchPython, ['-c', PYTORCH, JSON.stringify(models), pinned ? '1' : '0'], { encoding: 'utf8', maxBuffer: 1 << 20, env });
  if (r.status !== 0) {
    console.error(`PyTorch baseline failed: ${r.stderr.trim().split('\n').pop()}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// The engine is TypeScript source: run it under tsx in its own package (tsconfig paths resolve there).
function runEngine(models) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'tools', 'bench', 'bench-engine-run.ts'), JSON.stringify(models)], {
    cwd: join(root, 'libs', 'training-engine'),
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    maxBuffer: 1 << 24,
  });
  const lastLine = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !lastLine.startsWith('{')) {
    console.error(`engine benchmark failed:\n${run.stderr}`);
    process.exit(1);
  }
  return JSON.parse(lastLine);
}

// Each model runs on both sides back to back, so a change in the machine's load between the two
// halves of the run cannot favour either side.
let backend = null;
const results = [];
let torch = null;
let torchDefault = null;
for (const m of MODELS) {
  const engineRun = runEngine([m]);
  backend = engineRun.backend;
  results.push(...engineRun.results);
  const t = runPytorch([m], true);
  if (t) torch = { ...(torch ?? {}), ...t };
  const d = runPytorch([m], false);
  if (d) torchDefault = { ...(torchDefault ?? {}), ...d };
}
const lines = results.map((r) => {
  const base = torch ? torch[r.model] : null;
  return {
    model: r.model,
    backend: backend.name,
    samples_per_s: Math.round(r.samples_per_s),
    baseline: 'pytorch',
    baseline_samples_per_s: base === null ? null : Math.round(base),
    ratio: base === null ? null : Number((r.samples_per_s / base).toFixed(3)),
  };
});
for (const l of lines) console.log(JSON.stringify(l));

// Debian's torch calls whatever libblas.so.3 the alternatives system points at: the reference BLAS
// (libblas3) is several times slower than OpenBLAS, which would flatter the ratio.
function blas() {
  try {
    const target = realpathSync('/usr/lib/x86_64-linux-gnu/libblas.so.3');
    return target.includes('openblas') ? `OpenBLAS (${target})` : `reference BLAS (${target}); install libopenblas0-pthread for a fair baseline`;
  } catch {
    return 'unknown BLAS';
  }
}
if (torch && !blas().startsWith('OpenBLAS')) console.error(`warning: PyTorch runs on ${blas()}`);

const cpu = os.cpus();
const md = [
  '## Training engine (`npm run bench:engine`)',
  '',
  `Command: \`npm run bench:engine\` (tools/bench/bench-engine.mjs). Same models on both sides (MLP 784-128-10, batch 32; cnn-image conv32-pool-conv64-pool-conv64-dense64-dense10 on 28x28x1, batch 64), Adam, cross-entropy, random data; one warm-up epoch, then the best of three measured epochs on each side.`,
  '',
  '| model | backend | samples/s | PyTorch CPU samples/s (1 thread) | ratio | ratio by CPU time | PyTorch with its default threads |',
  '|---|---|---|---|---|---|---|',
  ...lines.map((l, i) => {
    const r = results[i];
    const baseCpu = torch ? torch[`${l.model}:cpu`] : null;
    const cpuRatio = baseCpu ? (r.cpu_samples_per_s / baseCpu).toFixed(3) : 'n/a';
    const dflt = torchDefault ? `${Math.round(torchDefault[l.model])} samples/s, ${Math.round(torchDefault[`${l.model}:cpu`])} per CPU-second (ratio ${(r.samples_per_s / torchDefault[l.model]).toFixed(3)})` : 'n/a';
    return `| ${l.model} | ${l.backend} | ${l.samples_per_s} | ${l.baseline_samples_per_s ?? 'n/a (PyTorch not installed)'} | ${l.ratio ?? 'n/a'} | ${cpuRatio} (${Math.round(r.cpu_samples_per_s)} vs ${baseCpu ? Math.round(baseCpu) : 'n/a'} samples per CPU-second) | ${dflt} |`;
  }),
  '',
  'The ratio is wall-clock samples/s against PyTorch pinned to one thread (torch, OpenMP and OpenBLAS pools), because tfjs-backend-wasm runs on one thread in Node. The CPU-time ratio counts samples per CPU-second of all threads of each process (best epoch): other work shares the two cores, so wall-clock figures move by tens of per cent from run to run, CPU time much less. The last column is PyTorch left to its defaults (OpenBLAS then uses both cores), for reference.',
  '',
  `- Backend: ${backend.name} (${backend.reason}); SIMD ${backend.simd}, threads ${backend.threads}.`,
  `- Baseline: ${torch ? `PyTorch ${torch.version} on the CPU (python3-torch from Debian), ${blas()}` : 'PyTorch not installed (apt-get install -y python3-torch)'}.`,
  `- Machine: ${machine()} (${cpu.length} cores shared with other work while measuring).`,
  `- Commit: ${commit()}; date: ${new Date().toISOString()}.`,
  '',
  'What limits the tfjs side (details in libs/training-engine/README.md):',
  '- One thread: tfjs-backend-wasm 4.22 disables its threaded build in Node (its pthreads need browser Workers from blob: URLs; forcing it fails with ERR_WORKER_PATH). The main comparison pins PyTorch to one thread too.',
  '- The matrix products are XNNPACK on WebAssembly SIMD128 (4 floats, no fused multiply-add) against PyTorch\'s AVX2/AVX-512 oneDNN and OpenBLAS: cnn-image\'s conv2 alone is ~285 MFLOP per pass per batch, and forward, filter-gradient and input-gradient products are most of a cnn-image batch.',
  '- tfjs hands XNNPACK a matrix product as a fully-connected operator whose weights (the second operand) are re-packed whenever they change, i.e. every step.',
  '- Each tfjs kernel call costs microseconds of JavaScript bookkeeping; for the MLP that is why the engine skips the autodiff tape and updates Adam in one kernel.',
  '- What the engine added: the missing Conv2DBackpropFilter, faster Conv2DBackpropInput, MaxPoolGrad, transposed matMuls, Sum, Identity/Cast, a fixed strided same-padding Conv2D, WebAssembly SIMD loops on the backend\'s own memory, a one-pass Adam kernel and a tape-free training step.',
].join('\n');
writeSection('engine', md);
