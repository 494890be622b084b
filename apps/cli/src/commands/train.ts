// meridian train: read -> split (seeded, stratified) -> fit preprocessing on train only -> train
// on the best backend -> evaluate on the untouched test split -> optionally save model + state.
import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import {
  applyPreprocessing,
  column,
  columnStrings,
  decodeTargets,
  fitPreprocessing,
  readTable,
  takeRows,
  trainValTestSplit,
  type NumericScaling,
  type Preprocessing,
  type Table,
} from '@meridian/data-pipeline';
import {
  buildPresetSpec,
  evaluate,
  parseSpec,
  predict,
  regressionMetrics,
  saveModel,
  selectBackend,
  summarize,
  train,
  type BackendPreference,
  type EpochLog,
  type EvaluationReport,
  type ModelSpec,
  type PresetName,
} from '@meridian/training-engine';
import { CliError, usage } from '../errors';
import { formatNumber, isInteractive, type Io } from '../io';

export interface TrainCommandOptions {
  data: string;
  label: string;
  preset?: PresetName;
  spec?: string;
  epochs?: number;
  batchSize?: number;
  seed: number;
  backend: BackendPreference;
  out?: string;
  json: boolean;
  scale: NumericScaling;
  reshape?: number[];
  split: [number, number, number];
  exclude: string[];
  skipBadRows: boolean;
}

type Task = 'classification' | 'regression';

interface ModelChoice {
  preset: PresetName | null;
  specInput: unknown;
  task: Task;
  why: string;
}

async function readSpecFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw usage(`--spec ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw usage(`--spec ${path} is not valid JSON (${(e as Error).message}); a spec is a JSON model description`);
  }
}

function distinctLabels(t: Table, label: string): string[] {
  return [...new Set(columnStrings(column(t, label)).filter((v): v is string => v !== null))];
}

async function chooseModel(opts: TrainCommandOptions, table: Table): Promise<ModelChoice> {
  if (opts.preset && opts.spec) throw usage('pass either --preset or --spec, not both');
  const classes = distinctLabels(table, opts.label);
  const lc = column(table, opts.label);
  if (opts.spec) {
    const input = await readSpecFile(opts.spec);
    const task = (input as { task?: unknown })?.task;
    return { preset: null, specInput: input, task: task === 'regression' ? 'regression' : 'classification', why: `spec from ${opts.spec}` };
  }
  if (opts.preset) {
    const task: Task = opts.preset === 'regression' ? 'regression' : 'classification';
    if (opts.preset === 'tabular-binary' && classes.length !== 2) {
      throw usage(`--preset tabular-binary needs a label with exactly 2 classes; "${opts.label}" has ${classes.length}. Use --preset mlp-classifier for more classes or regression for a numeric target`);
    }
    if (opts.preset === 'regression' && lc.kind !== 'numeric') throw usage(`--preset regression needs a numeric label; "${opts.label}" is ${lc.kind}`);
    return { preset: opts.preset, specInput: null, task, why: `--preset ${opts.preset}` };
  }
  // No model named: choose from the label, and say why.
  const numeric = lc.kind === 'numeric';
  const integerValued = numeric && Array.from(lc.values as Float64Array).every((v) => v !== v || Number.isInteger(v));
  if (numeric && (!integerValued || classes.length > 50)) return { preset: 'regression', specInput: null, task: 'regression', why: `label "${opts.label}" is numeric with ${classes.length} distinct values: regression` };
  if (classes.length === 2) return { preset: 'tabular-binary', specInput: null, task: 'classification', why: `label "${opts.label}" has 2 classes: tabular-binary` };
  return { preset: 'mlp-classifier', specInput: null, task: 'classification', why: `label "${opts.label}" has ${classes.length} classes: mlp-classifier` };
}

function imageShapeFor(width: number): number[] | null {
  const side = Math.round(Math.sqrt(width));
  return side * side === width ? [side, side, 1] : null;
}

export interface TrainSummary {
  command: 'train';
  data: string;
  label: string;
  task: Task;
  model: { preset: PresetName | null; source: string; name: string; params: number; notes: string[] };
  backend: { name: string; reason: string };
  rows: { read: number; used: number; missingLabel: number; skippedBadRows: number };
  split: { train: number; validation: number; test: number; stratified: boolean; seed: number; fractions: [number, number, number] };
  preprocessing: { numeric: NumericScaling; features: number; featureShape: number[]; dropped: Preprocessing['dropped'] };
  training: { epochs: number; batchSize: number; timeMs: number; samplesPerSecond: number; finalLoss: number | null; history: Array<Pick<EpochLog, 'epoch' | 'loss' | 'valLoss' | 'metrics' | 'valMetrics'>> };
  trainingTimeMs: number;
  test: Record<string, unknown>;
  savedTo: string | null;
}

function testMetrics(report: EvaluationReport, classes: string[] | null): Record<string, unknown> {
  if (report.task === 'regression') return { task: 'regression', n: report.n, mse: report.mse, mae: report.mae, r2: report.r2 };
  const base: Record<string, unknown> = {
    task: report.task,
    n: report.n,
    accuracy: report.accuracy,
    macroF1: report.macro.f1,
    macroPrecision: report.macro.precision,
    macroRecall: report.macro.recall,
    weightedF1: report.weighted.f1,
    weightedPrecision: report.weighted.precision,
    weightedRecall: report.weighted.recall,
    logLoss: report.logLoss,
  };
  if (report.task === 'binary') {
    base.rocAuc = report.rocAuc;
    base.threshold = report.threshold;
  }
  base.classes = classes;
  base.perClass = report.perClass.map((c) => ({ class: classes?.[c.label] ?? String(c.label), precision: c.precision, recall: c.recall, f1: c.f1, support: c.support }));
  base.confusionMatrix = report.confusionMatrix;
  return base;
}

export async function trainCommand(opts: TrainCommandOptions, io: Io): Promise<void> {
  const log = (s: string) => {
    if (!opts.json) io.err(s);
  };
  const table = await readTable(opts.data, { onBadRow: opts.skipBadRows ? 'skip' : 'error' });
  if (table.rowCount === 0) throw new CliError(`${opts.data} has a header but no data rows`);
  column(table, opts.label);
  for (const name of opts.exclude) column(table, name);
  const choice = await chooseModel(opts, table);

  // Rows without a label cannot be trained or scored on.
  const lc = column(table, opts.label);
  const keep: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const v = lc.values[r];
    if (lc.kind === 'numeric' ? v === v : v !== null) keep.push(r);
  }
  const data = keep.length === table.rowCount ? table : takeRows(table, keep);
  const missingLabel = table.rowCount - keep.length;
  if (data.rowCount < 10) throw new CliError(`only ${data.rowCount} rows have a value in "${opts.label}"; training needs at least 10`);

  const stratified = choice.task === 'classification';
  const labels = stratified ? columnStrings(column(data, opts.label)).map((v) => v ?? '') : undefined;
  if (labels) {
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    if (counts.size > 200) throw usage(`label "${opts.label}" has ${counts.size} distinct values: that looks like a regression target or an id; pass --preset regression or pick another --label`);
  }
  const split = trainValTestSplit(data.rowCount, { fractions: opts.split, seed: opts.seed, stratify: labels });
  const trainT = takeRows(data, split.train);
  const valT = takeRows(data, split.validation);
  const testT = takeRows(data, split.test);

  // The spec's input shape (if any) decides the reshape; cnn-image needs an image shape.
  let reshape = opts.reshape;
  const notes: string[] = [];
  const specPreview = choice.specInput as { inputShape?: unknown } | null;
  if (!reshape && specPreview && Array.isArray(specPreview.inputShape) && specPreview.inputShape.length > 1) reshape = specPreview.inputShape as number[];
  const state0 = fitPreprocessing(trainT, {
    label: opts.label,
    task: choice.task,
    numeric: opts.scale,
    exclude: opts.exclude,
    classes: labels ? [...new Set(labels)] : undefined,
  });
  if (!reshape && choice.preset === 'cnn-image') {
    reshape = imageShapeFor(state0.width) ?? undefined;
    if (!reshape) throw usage(`cnn-image needs image inputs: ${state0.width} features are not a square image; pass --reshape HxWxC`);
    notes.push(`reshaped ${state0.width} features to a ${reshape.join('x')} image`);
  }
  const state = reshape ? fitPreprocessing(trainT, { label: opts.label, task: choice.task, numeric: opts.scale, exclude: opts.exclude, classes: labels ? [...new Set(labels)] : undefined, reshape }) : state0;
  const trainD = applyPreprocessing(trainT, state);
  const valD = applyPreprocessing(valT, state);
  const testD = applyPreprocessing(testT, state);
  const classes = state.target?.task === 'classification' ? state.target.classes : null;

  let spec: ModelSpec;
  if (choice.preset) {
    spec = buildPresetSpec(choice.preset, { inputShape: state.featureShape, numClasses: classes?.length });
  } else {
    spec = parseSpec(choice.specInput);
    const want = spec.inputShape.reduce((a, b) => a * b, 1);
    if (want !== state.width) {
      throw usage(`the spec expects inputs of shape [${spec.inputShape.join(', ')}] (${want} values) but the data gives ${state.width} features after encoding; fix inputShape in ${opts.spec}`);
    }
    if (spec.inputShape.join() !== state.featureShape.join()) {
      throw usage(`the spec's inputShape [${spec.inputShape.join(', ')}] differs from --reshape [${state.featureShape.join(', ')}]`);
    }
    if (spec.task === 'binary' && classes && classes.length !== 2) throw usage(`the spec's task is binary but "${opts.label}" has ${classes.length} classes`);
  }
  notes.push(...spec.notes);
  const modelSummary = summarize(spec);
  const params = modelSummary.totalParams;
  const outputs = modelSummary.layers.at(-1)?.outputShape.at(-1);
  if (spec.task === 'multiclass' && classes && outputs !== classes.length) {
    throw usage(`the model ends with ${outputs} outputs but "${opts.label}" has ${classes.length} classes; set the last layer's units to ${classes.length}`);
  }

  const backend = await selectBackend({ prefer: opts.backend });
  const epochs = opts.epochs ?? spec.epochs;
  const batchSize = opts.batchSize ?? spec.batchSize;
  log(`meridian train: ${data.rowCount} rows, label "${opts.label}" (${classes ? `${classes.length} classes` : 'regression'}); ${choice.why}`);
  log(`split ${split.train.length}/${split.validation.length}/${split.test.length} (train/validation/test, ${stratified ? 'stratified, ' : ''}seed ${opts.seed}); ${state.width} features, ${opts.scale}`);
  log(`backend ${backend.name}: ${backend.reason}`);
  for (const n of notes) log(`note: ${n}`);
  for (const d of state.dropped) log(`note: column "${d.column}" left out: ${d.reason}`);

  const bar = !opts.json && isInteractive(io)
    ? new SingleBar({
        stream: process.stderr,
        format: 'epoch {ep}/{eps} [{bar}] {percentage}% | loss {loss} | {sps} samples/s | ETA {etaS}s',
        hideCursor: true,
        clearOnComplete: true,
      })
    : null;
  bar?.start(100, 0, { ep: 1, eps: epochs, loss: '-', sps: '-', etaS: '-' });
  const result = await train({
    spec,
    train: trainD,
    validation: valD.shape[0] > 0 ? valD : undefined,
    epochs,
    batchSize,
    seed: opts.seed,
    callbacks: {
      onProgress: (p) => {
        bar?.update(Math.round(p.fraction * 100), { ep: p.epoch + 1, eps: p.epochs, loss: p.loss.toFixed(4), sps: Math.round(p.samplesPerSecond), etaS: Math.round(p.etaSeconds) });
      },
      onEpochEnd: (e) => {
        if (bar || opts.json) return;
        const val = e.valLoss === null ? '' : ` val_loss ${e.valLoss.toFixed(4)}${Object.entries(e.valMetrics).map(([k, v]) => ` val_${k} ${v.toFixed(4)}`).join('')}`;
        io.err(`epoch ${e.epoch + 1}/${epochs} loss ${e.loss.toFixed(4)}${Object.entries(e.metrics).map(([k, v]) => ` ${k} ${v.toFixed(4)}`).join('')}${val} (${(e.durationMs / 1000).toFixed(1)}s)`);
      },
    },
  });
  bar?.stop();

  const report = evaluate(result.model, testD);
  const test = testMetrics(report, classes);
  if (report.task === 'regression') {
    // The model learns standardised targets; report errors in the label's own units.
    const truth = Float64Array.from(column(testT, opts.label).values as Float64Array);
    const pred = decodeTargets(state, predict(result.model, testD.x, testD.shape).values);
    const m = regressionMetrics(truth, pred);
    Object.assign(test, { mse: m.mse, mae: m.mae, r2: m.r2 });
  }
  const summary: TrainSummary = {
    command: 'train',
    data: opts.data,
    label: opts.label,
    task: choice.task,
    model: { preset: choice.preset, source: choice.why, name: spec.name, params, notes },
    backend: { name: backend.name, reason: backend.reason },
    rows: { read: table.rowCount, used: data.rowCount, missingLabel, skippedBadRows: table.skippedRows ?? 0 },
    split: { train: split.train.length, validation: split.validation.length, test: split.test.length, stratified, seed: opts.seed, fractions: opts.split },
    preprocessing: { numeric: opts.scale, features: state.width, featureShape: state.featureShape, dropped: state.dropped },
    training: {
      epochs: result.epochsCompleted,
      batchSize,
      timeMs: result.durationMs,
      samplesPerSecond: result.samplesPerSecond,
      finalLoss: result.history.at(-1)?.loss ?? null,
      history: result.history.map((h) => ({ epoch: h.epoch, loss: h.loss, valLoss: h.valLoss, metrics: h.metrics, valMetrics: h.valMetrics })),
    },
    trainingTimeMs: result.durationMs,
    test,
    savedTo: null,
  };
  if (opts.out) {
    await saveModel(result.model, opts.out, {
      preprocessing: state,
      metrics: { test, backend: summary.backend, split: summary.split, trainingTimeMs: result.durationMs, data: opts.data, label: opts.label },
    });
    summary.savedTo = opts.out;
  }
  result.model.dispose();

  if (opts.json) {
    io.out(JSON.stringify(summary) + '\n');
    return;
  }
  const lines = [
    `trained ${spec.name} (${params.toLocaleString('en-US')} parameters) for ${result.epochsCompleted} epochs in ${(result.durationMs / 1000).toFixed(1)}s on ${backend.name} (${Math.round(result.samplesPerSecond)} samples/s)`,
    `test split (${report.n} rows never used for training or validation):`,
  ];
  for (const [k, v] of Object.entries(test)) {
    if (typeof v === 'number') lines.push(`  ${k.padEnd(18)} ${formatNumber(v)}`);
  }
  if (classes && Array.isArray(test.perClass)) {
    lines.push('  per class:        precision  recall  f1      support');
    for (const c of test.perClass as Array<{ class: string; precision: number; recall: number; f1: number; support: number }>) {
      lines.push(`    ${c.class.padEnd(16)} ${c.precision.toFixed(3).padEnd(10)} ${c.recall.toFixed(3).padEnd(7)} ${c.f1.toFixed(3).padEnd(7)} ${c.support}`);
    }
  }
  if (summary.savedTo) lines.push(`model and preprocessing saved to ${summary.savedTo} (predict with: meridian predict --model ${summary.savedTo} --data FILE)`);
  io.out(lines.join('\n') + '\n');
}
