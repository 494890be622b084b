import type { RetrainTriggerKind, RetrainTriggerView } from '@meridian/domain';

export const KIND_LABELS: Record<RetrainTriggerKind, { title: string; help: string }> = {
  DATASET_VERSION: { title: 'a new dataset version arrives', help: 'Each new version of the dataset launches retraining on it (a re-upload of the same bytes does not).' },
  METRIC_THRESHOLD: { title: 'a production metric crosses a threshold', help: 'Averages the metric reported for the production model over a window; a crossing also raises a technical risk.' },
  DRIFT: { title: 'the data drifts from the training data', help: 'Compares each new version with the production model’s training version (PSI or KS) once it is profiled; drift on a production model also raises a technical risk.' },
  SATISFACTION: { title: 'user satisfaction drops', help: 'An NPS drop or a high share of negative feedback (from the feedback section) launches retraining.' },
};

/** One line saying what the trigger watches, for lists. */
export function describeConfig(t: Pick<RetrainTriggerView, 'kind' | 'config'>): string {
  const c = t.config as Record<string, unknown>;
  switch (t.kind) {
    case 'DATASET_VERSION':
      return c.datasetId ? `new versions of dataset ${String(c.datasetId)}` : 'new versions of the production model’s dataset';
    case 'METRIC_THRESHOLD':
      return `${String(c.metric)} ${c.direction === 'BELOW' ? '<' : '>'} ${String(c.threshold)} (mean over ${String(c.windowMinutes)} min, from ${String(c.minObservations)} obs.)`;
    case 'DRIFT':
      return `${String(c.statistic)} > ${String(c.threshold)} on ${Array.isArray(c.columns) && c.columns.length ? (c.columns as string[]).join(', ') : 'all columns'}`;
    case 'SATISFACTION':
      return `${Array.isArray(c.signals) ? (c.signals as string[]).join(' or ') : ''} from ${String(c.minSeverity).toLowerCase()} severity`;
  }
}
