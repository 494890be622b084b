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

export function buildProgram(io: Io): Command {
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
  return program;
}

/** Runs the CLI and returns the exit code (never throws). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    if (argv.length <= 2) throw usage('a command is needed: train, predict, profile or drift (see meridian --help)');
    await program.parseAsync(argv);
    return 0;
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
