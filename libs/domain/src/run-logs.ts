// Log lines of a training run: what the training job did (backend chosen, each epoch, resume from a
// checkpoint, early stopping, cancel, the failure reason), stored per run and read in pages by seq.
import { z } from 'zod';

export const RUN_LOG_LEVELS = ['INFO', 'WARN', 'ERROR'] as const;
export type RunLogLevel = (typeof RUN_LOG_LEVELS)[number];

/** The longest message kept; a longer one (e.g. a huge error) is cut and marked. */
export const MAX_RUN_LOG_MESSAGE = 4000;

export interface RunLogLine {
  /** The run's line number, from 1; lines are read in this order. */
  seq: number;
  time: string;
  level: RunLogLevel;
  /** The job attempt that wrote it (2 onwards after a retry or a resume). */
  attempt: number;
  message: string;
}

export interface RunLogPage {
  runId: string;
  lines: RunLogLine[];
  /** Pass as `after` to read the next lines; null when this page is the last there is now. */
  nextAfter: number | null;
}

export const ZRunLogQuery = z.object({
  /** Lines with a seq greater than this (0: from the start). */
  after: z.coerce.number({ error: 'must be a whole number (the seq of the last line read)' }).int().min(0).max(2_147_483_647).default(0),
  limit: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(1000).default(200),
});
export type RunLogQuery = z.infer<typeof ZRunLogQuery>;

/** Cuts a message to MAX_RUN_LOG_MESSAGE characters, saying so. */
export function clampRunLogMessage(message: string): string {
  return message.length <= MAX_RUN_LOG_MESSAGE ? message : `${message.slice(0, MAX_RUN_LOG_MESSAGE - 14)} … (truncated)`;
}
