// Evaluation metrics as plain functions over typed arrays, so they can be checked against values
// worked out by hand and reused by callers that have predictions from elsewhere.
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  perClass: (ClassScores & { label: number })[];
  macro: Omit<ClassScores, 'support'>;
  weighted: Omit<ClassScores, 'support'>;
  /** confusionMatrix[true][predicted] */
  confusionMatrix: number[][];
}

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

/** Precision/recall/F1 are 0 (not NaN) when their denominator is 0, as scikit-learn's zero_division=0. */
export function classificationMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): ClassificationMetrics {
  if (yTrue.length !== yPred.length) throw new Error(`classificationMetrics: ${yTrue.length} labels but ${yPred.length} predictions`);
  const cm = confusionMatrix(yTrue, yPred, numClasses);
  const n = yTrue.length;
  let correct = 0;
  const perClass = cm.map((row, c) => {
    const tp = row[c];
    correct += tp;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((a, r) => a + r[c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label: c, precision, recall, f1, support };
  });
  const avg = (key: 'precision' | 'recall' | 'f1', weighted: boolean) =>
    weighted ? perClass.reduce((a, c) => a + c[key] * c.support, 0) / Math.max(1, n) : perClass.reduce((a, c) => a + c[key], 0) / Math.max(1, numClasses);
  return {
    accuracy: n === 0 ? 0 : correct / n,
    perClass,
    macro: { precision: avg('precision', false), recall: avg('recall', false), f1: avg('f1', false) },
    weighted: { precision: avg('precision', true), recall: avg('recall', true), f1: avg('f1', true) },
    confusionMatrix: cm,
  };
}

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney) identity, with tied scores sharing their
 * average rank; null when only one class is present (the curve is undefined).
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  const n = yTrue.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (yTrue[idx[k]] === 1) {
        pos++;
        rankSumPos += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean negative log-likelihood; probabilities are clipped to [1e-15, 1 - 1e-15] like scikit-learn. */
export function logLoss(yTrue: ArrayLike<number>, probs: ArrayLike<number>, numClasses = 2): number {
  const eps = 1e-15;
  const n = yTrue.length;
  let sum = 0;
  if (numClasses === 2 && probs.length === n) {
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - eps, Math.max(eps, probs[i]));
      sum += yTrue[i] === 1 ? -Math.log(p) : -Math.log(1 - p);
    }
  } else {
    for (let i = 0; i < n; i++) sum += -Math.log(Math.min(1 - eps, Math.max(eps, probs[i * numClasses + yTrue[i]])));
  }
  return n === 0 ? 0 : sum / n;
}

export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
  /** 1 - SS_res/SS_tot; 0 when the targets are constant and predicted exactly, else -Infinity-safe. */
  r2: number;
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= Math.max(1, n);
  let se = 0;
  let ae = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i] - yPred[i];
    se += d * d;
    ae += Math.abs(d);
    tot += (yTrue[i] - mean) ** 2;
  }
  const mse = n === 0 ? 0 : se / n;
  return { mse, rmse: Math.sqrt(mse), mae: n === 0 ? 0 : ae / n, r2: tot === 0 ? (se === 0 ? 1 : 0) : 1 - se / tot };
}
