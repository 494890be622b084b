import type { GroupCondition } from './aif360';
import { createRng } from './bootstrap';
import type { DataSpec } from './data';
import { FairnessInputError } from './errors';

export interface HiringDatasetOptions {
  rows?: number;
  seed?: number;
  /**
   * Model bias: logit penalty on the score of women (the unprivileged group). 0 is an unbiased
   * model; 1.5 makes the four-fifths rule fail clearly. Qualification does not depend on gender.
   */
  bias?: number;
  /** Extra logit penalty for ethnicity 'C' (an intersectional effect when combined with `bias`). */
  ethnicityBias?: number;
  /** Historical label bias: probability that a qualified woman is recorded as not hired. */
  labelBias?: number;
  /** Share of women (default 0.45). */
  femaleShare?: number;
}

export interface HiringDataset {
  columns: {
    gender: string[];
    ethnicity: string[];
    years_experience: Float64Array;
    test_score: Float64Array;
    hired: Uint8Array;
    score: Float64Array;
    predicted: Uint8Array;
  };
  /** The spec an audit of this data uses (label, prediction, score, sensitive features). */
  spec: DataSpec;
  privileged: GroupCondition;
  /** The bias that was planted, for tests and the demo to compare against. */
  planted: Required<Omit<HiringDatasetOptions, 'rows' | 'seed'>> & { rows: number; seed: number };
}

const ETHNICITIES = ['A', 'B', 'C'];
const ETHNICITY_SHARE = [0.6, 0.25, 0.15];

/**
 * A synthetic hiring dataset with a known, tunable bias. Each candidate has a latent qualification
 * (driving experience, a test score and whether they should be hired); the model's score is a
 * logistic function of the qualification minus `bias` for women, so every disparity in its
 * predictions comes from the planted bias (plus sampling noise), and `bias: 0` is fair.
 */
export function generateHiringDataset(opts: HiringDatasetOptions = {}): HiringDataset {
  const rows = opts.rows ?? 10_000;
  const seed = opts.seed ?? 42;
  const bias = opts.bias ?? 1.5;
  const ethnicityBias = opts.ethnicityBias ?? 0;
  const labelBias = opts.labelBias ?? 0;
  const femaleShare = opts.femaleShare ?? 0.45;
  if (!Number.isInteger(rows) || rows < 1) throw new FairnessInputError('INVALID_OPTION', `rows must be a positive integer, got ${rows}`, 'rows');
  if (!(labelBias >= 0 && labelBias <= 1)) throw new FairnessInputError('INVALID_OPTION', `labelBias is a probability in [0, 1], got ${labelBias}`, 'labelBias');
  if (!(femaleShare > 0 && femaleShare < 1)) throw new FairnessInputError('INVALID_OPTION', `femaleShare must be in (0, 1), got ${femaleShare}`, 'femaleShare');
  const rand = createRng(seed);
  const normal = () => {
    // Box-Muller; 1 - u keeps log away from 0
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const cols: HiringDataset['columns'] = {
    gender: new Array<string>(rows),
    ethnicity: new Array<string>(rows),
    years_experience: new Float64Array(rows),
    test_score: new Float64Array(rows),
    hired: new Uint8Array(rows),
    score: new Float64Array(rows),
    predicted: new Uint8Array(rows),
  };
  for (let i = 0; i < rows; i++) {
    const female = rand() < femaleShare;
    const e = rand();
    const eth = e < ETHNICITY_SHARE[0] ? 0 : e < ETHNICITY_SHARE[0] + ETHNICITY_SHARE[1] ? 1 : 2;
    const q = normal();
    cols.gender[i] = female ? 'female' : 'male';
    cols.ethnicity[i] = ETHNICITIES[eth];
    cols.years_experience[i] = Math.max(0, Math.round((5 + 3 * q + 2 * normal()) * 10) / 10);
    cols.test_score[i] = Math.min(100, Math.max(0, Math.round(65 + 12 * q + 8 * normal())));
    let y = rand() < sigmoid(2.5 * q - 0.4) ? 1 : 0;
    if (y === 1 && female && rand() < labelBias) y = 0;
    cols.hired[i] = y;
    const logit = 2.5 * q - 0.4 + 0.6 * normal() - (female ? bias : 0) - (eth === 2 ? ethnicityBias : 0);
    const s = sigmoid(logit);
    cols.score[i] = s;
    cols.predicted[i] = s >= 0.5 ? 1 : 0;
  }
  return {
    columns: cols,
    spec: { label: 'hired', prediction: 'predicted', score: 'score', sensitive: ['gender', 'ethnicity'] },
    privileged: { gender: ['male'] },
    planted: { rows, seed, bias, ethnicityBias, labelBias, femaleShare },
  };
}
