// A training run's log lines (RunLog): what the job did, for the run page and the API. Lines are kept
// in memory and written in batches; each gets its seq (the run's line number) when it is logged,
// counting on from the highest seq earlier attempts wrote, so lines keep their order across retries.
// Writes are INSERT … ON CONFLICT DO NOTHING on (runId, seq): a batch written twice adds nothing.
// An epoch's lines are written in the same transaction as that epoch's checkpoint row (see the
// processor), so an attempt resumed after kill -9 neither repeats nor misses an epoch's line: it
// redoes exactly the epochs whose checkpoint (and line) never committed.
import type { Prisma, PrismaClient } from '@meridian/db';
import { clampRunLogMessage, type RunLogLevel, type RunLogLine } from '@meridian/domain';
import type { RunEventBus } from './run-events';

export interface RunLogRow {
  runId: string;
  seq: number;
  time: Date;
  level: RunLogLevel;
  attempt: number;
  message: string;
}

type Writer = Pick<PrismaClient, 'runLog'> | Prisma.TransactionClient;

export class RunLogWriter {
  private pending: RunLogRow[] = [];

  private constructor(
    private readonly prisma: PrismaClient,
    private readonly events: RunEventBus | null,
    private readonly runId: string,
    private readonly attempt: number,
    private readonly echo: (line: string) => void,
    private nextSeq: number,
  ) {}

  /** Starts after the last line any earlier attempt of the run wrote. */
  static async open(prisma: PrismaClient, opts: { runId: string; attempt: number; events?: RunEventBus | null; echo?: (line: string) => void }): Promise<RunLogWriter> {
    const max = await prisma.runLog.aggregate({ where: { runId: opts.runId }, _max: { seq: true } });
    return new RunLogWriter(prisma, opts.events ?? null, opts.runId, opts.attempt, opts.echo ?? (() => undefined), (max._max.seq ?? 0) + 1);
  }

  /** Queues a line (written by the next flush or epoch commit); also echoed to the queue's job log. */
  line(level: RunLogLevel, message: string): void {
    const text = clampRunLogMessage(message);
    this.pending.push({ runId: this.runId, seq: this.nextSeq++, time: new Date(), level, attempt: this.attempt, message: text });
    this.echo(level === 'INFO' ? text : `${level}: ${text}`);
  }

  info(message: string): void {
    this.line('INFO', message);
  }

  warn(message: string): void {
    this.line('WARN', message);
  }

  error(message: string): void {
    this.line('ERROR', message);
  }

  /** The queued lines, handed to the caller to write inside its own transaction (then `written` or `putBack`). */
  take(): RunLogRow[] {
    const rows = this.pending;
    this.pending = [];
    return rows;
  }

  /** Lines a failed transaction did not write go back in front of any logged since. */
  putBack(rows: RunLogRow[]): void {
    this.pending = [...rows, ...this.pending];
  }

  /** After the transaction that wrote `rows` committed: pushed live to open run pages. */
  written(rows: RunLogRow[]): void {
    if (rows.length && this.events) this.events.publish({ type: 'logs', runId: this.runId, lines: rows.map(toLine) });
  }

  /** Writes the queued lines now; on failure they stay queued for the next write and the error is thrown. */
  async flush(): Promise<void> {
    const rows = this.take();
    if (!rows.length) return;
    try {
      await writeRunLogRows(this.prisma, rows);
    } catch (e) {
      this.putBack(rows);
      throw e;
    }
    this.written(rows);
  }

  /** flush() for the last words of a failed or cancelled attempt: a log write must not hide why it ended. */
  async flushQuietly(): Promise<void> {
    await this.flush().catch(() => undefined);
  }
}

export async function writeRunLogRows(db: Writer, rows: RunLogRow[]): Promise<void> {
  if (rows.length) await db.runLog.createMany({ data: rows, skipDuplicates: true });
}

export function toLine(r: RunLogRow): RunLogLine {
  return { seq: r.seq, time: r.time.toISOString(), level: r.level, attempt: r.attempt, message: r.message };
}

/** "loss 0.4123 · accuracy 0.8731 · val_loss 0.4410" in a stable order: loss first, validation last. */
export function formatEpochValues(values: Record<string, number>): string {
  const keys = Object.keys(values).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map((k) => `${k} ${formatNumber(values[k])}`).join(' · ');
}

const rank = (k: string) => (k === 'loss' ? 0 : k.startsWith('val_') ? (k === 'val_loss' ? 2 : 3) : 1);
const formatNumber = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(4));
