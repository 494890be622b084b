#!/usr/bin/env node
// The meridian command. Parsing and error reporting live here; each command is a function of its
// options and an Io, so what it prints is the same in a terminal, a pipe and a test.
import { Command, CommanderError, Option } from 'commander';
import { backend, fractions, inputFile, nonNegativeInt, positiveInt, preset, scaling, shape } from './args';
import { describeError, usage } from './errors';
import { processIo, type Io } from './io';
import { trainCommand } from './commands/train';
import { predictCommand } from './commands/predict';
import { profileCommand } from './commands/profile';
import { driftCommand } from './commands/drift';
import { auditCommand } from './commands/audit';
import { failOn, privilegedPairs, probability, tauValue } from './audit-args';

export function buildProgram(io: Io, exit: { code: number } = { code: 0 }): Command {
  const program = new Command();
  program
    .name('meridian')
    .description('Train, predict and profile datasets locally with the Meridian engine and data pipeline.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for the options)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(`meridian: ${s.replace(/^error: /, 'error: ')}`),
    });

  program
    .command('train')
    .description('Train a model on a CSV or JSON Lines file and report test metrics')
    .requiredOption('--data <file>', 'training data (.csv or .jsonl)')
    .requiredOption('--label <column>', 'the column to predict')
    .addOption(new Option('--preset <name>', 'mlp-classifier | cnn-image | tabular-binary | regression (default: chosen from the label)').argParser(preset))
    .option('--spec <file>', 'a JSON model spec instead of a preset')
    .option('--epochs <n>', 'training epochs (default: the preset or spec value)', positiveInt('--epochs'))
    .option('--batch-size <n>', 'batch size (default: the preset or spec value)', positiveInt('--batch-size'))
    .option('--seed <n>', 'seed for the split, initialisation and shuffling', nonNegativeInt('--seed'), 42)
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu', backend, 'auto')
    .option('--out <dir>', 'save the model with its preprocessing to this folder')
    .option('--json', 'print one JSON object instead of a report (no progress bar)', false)
    .option('--scale <how>', 'numeric scaling fitted on the training split: standardize | minmax | scale255 | none', scaling, 'standardize')
    .option('--reshape <shape>', 'shape of one example, e.g. 8x8x1 for 8x8 grey images', shape)
    .option('--split <fractions>', 'train,validation,test fractions', fractions, [0.8, 0.1, 0.1] as [number, number, number])
    .option('--exclude <columns>', 'comma-separated columns to leave out (ids, leaks)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean), [] as string[])
    .option('--skip-bad-rows', 'skip malformed rows (counted in the report) instead of stopping', false)
    .action(async (o) => {
      await trainCommand({ ...o, data: inputFile('--data', o.data), spec: o.spec === undefined ? undefined : inputFile('--spec', o.spec) }, io);
    });

  program
    .command('predict')
    .description('Predict with a saved model; writes CSV (stdout or --out)')
    .requiredOption('--model <dir>', 'a folder written by meridian train --out')
    .requiredOption('--data <file>', 'rows to predict (.csv or .jsonl), same columns as training; the label may be absent')
    .option('--out <file>', 'write predictions here instead of stdout')
    .option('--id <column>', 'copy this column into the output instead of a row number')
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu', backend, 'auto')
    .option('--skip-bad-rows', 'skip malformed rows instead of stopping', false)
    .action(async (o) => {
      await predictCommand({ ...o, data: inputFile('--data', o.data) }, io);
    });

  program
    .command('profile')
    .description('Profile a dataset: types, missing values, distributions, duplicates, class balance, sensitive columns')
    .requiredOption('--data <file>', 'a .csv or .jsonl file')
    .option('--label <column>', 'report the class balance of this column')
    .option('--json', 'print the profile as JSON', false)
    .option('--skip-bad-rows', 'skip malformed rows (counted) instead of stopping', false)
    .action(async (o) => {
      await profileCommand({ ...o, data: inputFile('--data', o.data) }, io);
    });
  program
    .command('drift')
    .description('Compare two versions of a dataset: PSI and Kolmogorov-Smirnov (numeric), PSI and chi-square (categorical)')
    .requiredOption('--reference <file>', 'the earlier version (.csv or .jsonl)')
    .requiredOption('--current <file>', 'the new version')
    .option('--json', 'print the drift report as JSON', false)
    .action(async (o) => {
      await driftCommand({ ...o, reference: inputFile('--reference', o.reference), current: inputFile('--current', o.current) }, io);
    });
  program
    .command('audit')
    .description('Fairness audit of a predictions file: group metrics, parity flags, a pass/warn/fail verdict and mitigation before/after')
    .requiredOption('--predictions <file>', 'a CSV with the true label, the prediction (or a score) and the sensitive columns')
    .requiredOption('--label <column>', 'the true outcome (binary)')
    .option('--prediction <column>', 'the model decision (binary); without it --score >= --threshold decides')
    .option('--score <column>', 'the model score in [0, 1] (calibration, group thresholds)')
    .option('--threshold <x>', 'decision threshold for --score when there is no --prediction (default 0.5)', probability('--threshold'))
    .requiredOption('--sensitive <columns>', 'comma-separated sensitive columns; every intersection is a group', list)
    .option('--control <columns>', 'comma-separated control columns (metrics within each level)', list, [] as string[])
    .option('--weight <column>', 'sample weights (non-negative)')
    .option('--positive-label <value>', 'the positive value of label and prediction when they are not 0/1 or true/false')
    .option('--privileged <col=value>', 'privileged group for AIF360 metrics and reweighing, e.g. gender=male (repeat or use | for alternatives)', privilegedPairs, {} as Record<string, string[]>)
    .option('--reference <ref>', 'Aequitas reference group: majority | min | a group key such as male', 'majority')
    .option('--tau <x>', 'parity tolerance: tau <= disparity <= 1/tau (default 0.8, the four-fifths rule)', tauValue)
    .option('--max-dpd <x>', 'fail above this demographic parity difference (default 0.1)', probability('--max-dpd'))
    .option('--max-eod <x>', 'fail above this equalized odds difference (default 0.2)', probability('--max-eod'))
    .option('--bootstrap <reps>', 'bootstrap confidence intervals for every group metric with this many resamples', positiveInt('--bootstrap'))
    .option('--seed <n>', 'seed for the bootstrap', nonNegativeInt('--seed'), 0)
    .option('--no-mitigation', 'skip the reweighing and group-threshold mitigation report')
    .option('--fail-on <verdict>', 'exit 3 when the verdict is at least this bad: fail | warn | never', failOn, 'never')
    .option('--json', 'print the whole result as one JSON object', false)
    .action(async (o) => {
      exit.code = await auditCommand({ ...o, predictions: inputFile('--predictions', o.predictions) }, io);
    });
  return program;
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** Runs the CLI and returns the exit code (never throws). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const exit = { code: 0 };
  const program = buildProgram(io, exit);
  try {
    if (argv.length <= 2) throw usage('a command is needed: train, predict, profile, drift or audit (see meridian --help)');
    await program.parseAsync(argv);
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const { message, exitCode } = describeError(err);
    io.err(`meridian: error: ${message}`);
    return exitCode;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
