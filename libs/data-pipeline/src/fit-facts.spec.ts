import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitFactsFromProfile } from './fit-facts';
import { profileCsv } from './profile';
import { trainValTestSplit } from './split';
import { columnStrings, column, readCsvTable, takeRows } from './table';
import { fitPreprocessing } from './transforms';

const datasets = resolve(__dirname, '../../../datasets');

/** What the worker would actually make of these bytes (train-thread.ts: split, then fit on the training rows). */
async function realFit(bytes: Buffer, label: string, exclude: string[] = [], fractions: [number, number, number] = [0.8, 0.1, 0.1]) {
  const table = await readCsvTable(bytes);
  const labels = columnStrings(column(table, label)).map((v) => String(v));
  const split = trainValTestSplit(table.rowCount, { seed: 42, fractions, stratify: labels });
  return fitPreprocessing(takeRows(table, split.train), { label, exclude });
}

describe('fitFactsFromProfile', () => {
  it('digits: 64 values per row, 10 classes, exactly what fitPreprocessing makes of the file', async () => {
    const bytes = await readFile(resolve(datasets, 'digits-8x8.csv'));
    const facts = fitFactsFromProfile(await profileCsv(bytes), { label: 'label', fractions: [0.8, 0.1, 0.1], stratify: true });
    const prep = await realFit(bytes, 'label');
    expect(facts.features).toEqual({ min: 64, max: 64 });
    expect(prep.width).toBe(64);
    expect(facts.label).toEqual({ kind: 'classes', column: 'label', min: 10, max: 10 });
    expect(prep.target).toMatchObject({ task: 'classification' });
    expect(prep.target?.task === 'classification' && prep.target.classes.length).toBe(10);
    expect(facts.featuresSay).toMatch(/have 64 values after preprocessing \(64 feature columns; label "label" left out\)/);
  });

  it('exclusions, one-hot, boolean and free-text columns: the range holds the real width', async () => {
    const rows = ['id,colour,flag,note,size,target'];
    const colours = ['red', 'green', 'blue'];
    for (let i = 0; i < 200; i++) rows.push(`${i},${colours[i % 3]},${i % 2 ? 'yes' : 'no'},${'a long free text note that nobody encodes '.repeat(2)}${i},${(i * 7) % 13},${i % 4 === 0 ? 'pos' : 'neg'}`);
    const bytes = Buffer.from(rows.join('\n') + '\n');
    const profile = await profileCsv(bytes);
    const facts = fitFactsFromProfile(profile, { label: 'target', exclude: ['id'], fractions: [0.8, 0.1, 0.1], stratify: true });
    const prep = await realFit(bytes, 'target', ['id']);
    // colour: 3 categories + unknown; flag 1; size 1; note dropped (free text).
    expect(prep.width).toBe(6);
    expect(facts.features).toEqual({ min: 6, max: 6 });
    expect(facts.columns.find((c) => c.name === 'note')).toMatchObject({ min: 0, max: 0 });
    expect(facts.label).toEqual({ kind: 'classes', column: 'target', min: 2, max: 2 });
    expect(fitFactsFromProfile(profile, { label: 'target', fractions: [0.8, 0.1, 0.1], stratify: true }).features).toEqual({ min: 7, max: 7 });
  });

  it('a continuous numeric label is a regression target, as fitPreprocessing decides', async () => {
    const rows = ['x,y'];
    for (let i = 0; i < 120; i++) rows.push(`${i},${(i * 0.37).toFixed(2)}`);
    const bytes = Buffer.from(rows.join('\n') + '\n');
    const facts = fitFactsFromProfile(await profileCsv(bytes), { label: 'y', fractions: [0.8, 0.1, 0.1], stratify: false });
    expect(facts.label).toEqual({ kind: 'numeric', column: 'y' });
    expect((await realFit(bytes, 'y')).target?.task).toBe('regression');
  });

  it('a rare category may miss the training split: a range, not a guess', async () => {
    const rows = ['kind,label'];
    for (let i = 0; i < 100; i++) rows.push(`${i === 0 ? 'rare' : i % 2 ? 'a' : 'b'},${i % 2}`);
    const facts = fitFactsFromProfile(await profileCsv(Buffer.from(rows.join('\n') + '\n')), { label: 'label', fractions: [0.8, 0.1, 0.1], stratify: true });
    // a and b are surely in training; "rare" (1 row) may not be: 2 or 3 categories, plus unknown.
    expect(facts.features).toEqual({ min: 3, max: 4 });
  });
});
