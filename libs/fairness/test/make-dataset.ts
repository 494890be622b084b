// Writes test/fixtures/dataset.json, the input that test/reference.py evaluates with pandas and
// scikit-learn. Run: npx tsx --tsconfig tsconfig.base.json libs/fairness/test/make-dataset.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, generateHiringDataset } from '../src';

const ds = generateHiringDataset({ rows: 240, bias: 1.5, seed: 5 });
const rng = createRng(17);
const rows = Array.from({ length: 240 }, (_, i) => ({
  gender: ds.columns.gender[i],
  ethnicity: ds.columns.ethnicity[i],
  y: ds.columns.hired[i],
  yhat: ds.columns.predicted[i],
  score: Math.round(ds.columns.score[i] * 1000) / 1000,
  w: Math.round((0.5 + 1.5 * rng()) * 100) / 100,
}));
// A third gender value seen only with ethnicity A (so 'nonbinary|B' and 'nonbinary|C' are empty
// intersections), all labelled positive (no negatives: FPR/TNR 0/0) and never selected
// (no positive predictions: precision 0/0).
for (let k = 0; k < 4; k++) rows.push({ gender: 'nonbinary', ethnicity: 'A', y: 1, yhat: 0, score: 0.2 + 0.05 * k, w: 1 });
const columns = Object.fromEntries(Object.keys(rows[0]).map((k) => [k, rows.map((r) => r[k as keyof (typeof rows)[0]])]));
writeFileSync(join(__dirname, 'fixtures', 'dataset.json'), JSON.stringify(columns) + '\n');
