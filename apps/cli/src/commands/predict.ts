// meridian predict: a saved model folder + a data file -> one CSV row of predictions per data row,
// with the same preprocessing the model was trained with (read from the folder, never refitted).
import { rename, writeFile } from 'node:fs/promises';
import { applyPreprocessing, csvLine, decodeTargets, parsePreprocessing, readTable } from '@meridian/data-pipeline';
import { loadModel, predict, selectBackend, type BackendPreference } from '@meridian/training-engine';
import { CliError } from '../errors';
import type { Io } from '../io';

export interface PredictCommandOptions {
  model: string;
  data: string;
  out?: string;
  backend: BackendPreference;
  id?: string;
  skipBadRows: boolean;
}

export async function predictCommand(opts: PredictCommandOptions, io: Io): Promise<void> {
  await selectBackend({ prefer: opts.backend });
  const loaded = await loadModel(opts.model);
  if (loaded.preprocessing === null || loaded.preprocessing === undefined) {
    throw new CliError(`${opts.model} has no preprocessing state; predict needs a model saved by "meridian train --out DIR"`);
  }
  const state = parsePreprocessing(loaded.preprocessing);
  const table = await readTable(opts.data, { onBadRow: opts.skipBadRows ? 'skip' : 'error' });
  const ids = opts.id ? table.columns.find((c) => c.name === opts.id) : undefined;
  if (opts.id && !ids) throw new CliError(`--id ${opts.id}: no such column in ${opts.data}`);
  if (table.rowCount === 0) throw new CliError(`${opts.data} has no data rows to predict`);
  const ds = applyPreprocessing(table, state);
  const pred = predict(loaded.model, ds.x, ds.shape);
  loaded.model.dispose();

  const target = state.target;
  const classes = target?.task === 'classification' ? target.classes : null;
  const header = [opts.id ?? 'row', 'prediction'];
  if (classes) header.push('probability', ...classes.map((c) => `p_${c}`));
  const units = pred.shape[1];
  const regression = target?.task === 'regression' ? decodeTargets(state, pred.values) : null;
  const parts: string[] = [csvLine(header)];
  let correct = 0;
  for (let r = 0; r < ds.shape[0]; r++) {
    const id = ids ? ids.values[r] : r + 1;
    const row: Array<string | number | null> = [typeof id === 'number' && Number.isNaN(id) ? null : id];
    if (classes && pred.labels) {
      const k = pred.labels[r];
      let probs: number[];
      if (units === 1) {
        const p1 = pred.values[r];
        probs = [1 - p1, p1];
      } else probs = Array.from(pred.values.subarray(r * units, (r + 1) * units));
      row.push(classes[k], round(probs[k]), ...probs.map(round));
      if (ds.hasLabels && ds.y[r] === k) correct++;
    } else {
      row.push(round(regression ? regression[r] : pred.values[r]));
    }
    parts.push(csvLine(row));
  }
  const csv = parts.join('');
  if (opts.out) {
    const tmp = `${opts.out}.tmp-${process.pid}`;
    await writeFile(tmp, csv);
    await rename(tmp, opts.out);
    io.err(`wrote ${ds.shape[0]} predictions to ${opts.out}`);
  } else io.out(csv);
  if (classes && ds.hasLabels) io.err(`accuracy on the ${ds.shape[0]} labelled rows ("${target!.column}" present): ${(correct / Math.max(1, ds.shape[0])).toFixed(4)}`);
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
