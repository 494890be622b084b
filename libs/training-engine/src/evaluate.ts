import type { ModelTask } from '@meridian/domain';
import { predict, type TrainedModel } from './model';
import { checkDataset } from './data';
import { classificationMetrics, logLoss, regressionMetrics, rocAuc, type ClassificationMetrics, type RegressionMetrics } from './metrics';
import type { Dataset2D } from './types';

export type EvaluationReport =
  | ({ task: 'multiclass'; n: number; logLoss: number } & ClassificationMetrics)
  | ({ task: 'binary'; n: number; logLoss: number; rocAuc: number | null; threshold: number } & ClassificationMetrics)
  | ({ task: 'regression'; n: number } & RegressionMetrics);

/** Metrics on data the model never saw in training or validation. */
export function evaluate(model: TrainedModel, test: Dataset2D, task: ModelTask = model.spec.task): EvaluationReport {
  const n = checkDataset(test, model.spec, 'test');
  const pred = predict(model, test.x, test.shape);
  if (task === 'regression') return { task, n, ...regressionMetrics(test.y, pred.values) };
  const numClasses = task === 'binary' ? 2 : pred.shape[1];
  const cls = classificationMetrics(test.y, pred.labels!, numClasses);
  if (task === 'binary') return { task, n, ...cls, logLoss: logLoss(test.y, pred.values, 2), rocAuc: rocAuc(test.y, pred.values), threshold: 0.5 };
  return { task, n, ...cls, logLoss: logLoss(test.y, pred.values, numClasses) };
}
