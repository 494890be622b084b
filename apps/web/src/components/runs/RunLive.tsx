'use client';
// The run's curves, status and log lines, kept live over server-sent events (same-origin, so the
// session cookie travels); falls back to what the page loaded when the stream is not available.
import { useEffect, useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { MetricSeries, RunLogLine, RunView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';
import { LineChart } from './LineChart';
import { mergeLogLines, RunLogPanel } from './RunLogPanel';

type Points = Record<string, Map<number, number>>;

function toPoints(series: MetricSeries[]): Points {
  const out: Points = {};
  for (const s of series) out[s.key] = new Map(s.points.map((p) => [p.step, p.value]));
  return out;
}

const sorted = (m: Map<number, number> | undefined) => [...(m ?? new Map<number, number>()).entries()].sort((a, b) => a[0] - b[0]).map(([step, value]) => ({ step, value }));

export function RunLive({ orgId, run: initial, series, logs: initialLogs, canCancel }: { orgId: string; run: RunView; series: MetricSeries[]; logs: RunLogLine[]; canCancel: boolean }) {
  const router = useRouter();
  const [run, setRun] = useState(initial);
  const [points, setPoints] = useState<Points>(() => toPoints(series));
  const [live, setLive] = useState(false);
  const [logs, setLogs] = useState<RunLogLine[]>(initialLogs);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status);
  // The page re-renders from the server after the stream ends (router.refresh): keep what the stream brought, add what the server read.
  useEffect(() => setLogs((prev) => mergeLogLines(prev, initialLogs)), [initialLogs]);
  const logsAfter = initialLogs.length ? initialLogs[initialLogs.length - 1].seq : 0;

  useEffect(() => {
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(initial.status)) return;
    // Lines after the last one the page loaded; a reconnect asks from there again (merged by seq).
    const es = new EventSource(browserApi.runs.eventsPath(orgId, initial.id, { logsAfter }));
    es.addEventListener('open', () => setLive(true));
    es.addEventListener('status', (e) => {
      const s = JSON.parse((e as MessageEvent<string>).data) as Pick<RunView, 'status' | 'progress' | 'epochsDone' | 'error'>;
      setRun((r) => ({ ...r, status: s.status, progress: s.progress >= 0 ? s.progress : r.progress, epochsDone: s.epochsDone >= 0 ? s.epochsDone : r.epochsDone, error: s.error ?? r.error }));
    });
    es.addEventListener('metrics', (e) => {
      const m = JSON.parse((e as MessageEvent<string>).data) as { points: Array<{ key: string; step: number; value: number }> };
      setPoints((prev) => {
        const next: Points = { ...prev };
        for (const p of m.points) {
          const copy = new Map(next[p.key] ?? []);
          copy.set(p.step, p.value);
          next[p.key] = copy;
        }
        return next;
      });
    });
    es.addEventListener('logs', (e) => {
      const m = JSON.parse((e as MessageEvent<string>).data) as { lines: RunLogLine[] };
      setLogs((prev) => mergeLogLines(prev, m.lines));
    });
    es.addEventListener('end', () => {
      es.close();
      setLive(false);
      router.refresh();
    });
    es.onerror = () => setLive(false);
    return () => es.close();
    // logsAfter is read once per stream (not a dependency): new lines reach this page through the stream itself.
  }, [orgId, initial.id, initial.status, router]);

  const loss = useMemo(() => [
    { label: 'train loss', color: '#2563eb', points: sorted(points.loss) },
    { label: 'validation loss', color: '#ea580c', points: sorted(points.val_loss) },
  ], [points]);
  const acc = useMemo(() => [
    { label: 'train accuracy', color: '#16a34a', points: sorted(points.accuracy) },
    { label: 'validation accuracy', color: '#9333ea', points: sorted(points.val_accuracy) },
  ], [points]);
  const batch = useMemo(() => [{ label: 'batch loss', color: '#64748b', points: sorted(points.batch_loss) }], [points]);
  const otherKeys = Object.keys(points).filter((k) => !['loss', 'val_loss', 'accuracy', 'val_accuracy', 'batch_loss'].includes(k));

  async function cancel() {
    setBusy(true);
    setError(null);
    try {
      setRun(await browserApi.runs.cancel(orgId, run.id));
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <section className="card" aria-label="Status">
        <div className="card-body">
          <p>
            <strong data-testid="run-status">{run.status}</strong> · epoch {run.epochsDone}
            {run.epochs ? ` of ${run.epochs}` : ''} · {Math.round(run.progress)}% {live ? <span className="muted">(live)</span> : null}
          </p>
          <progress max={100} value={run.progress} style={{ width: '100%' }} aria-label="Progress" />
          {run.error && run.status !== 'SUCCEEDED' ? <div className="alert alert-error">{run.error}</div> : null}
          {error ? <div className="alert alert-error">{error}</div> : null}
          {canCancel && !finished ? (
            <button type="button" className="btn" onClick={cancel} disabled={busy}>
              {busy ? 'Cancelling…' : 'Cancel run'}
            </button>
          ) : null}
        </div>
      </section>
      <section className="card" aria-label="Learning curves">
        <div className="card-header">
          <h2>Learning curves</h2>
        </div>
        <div className="card-body stack">
          <LineChart title="Loss per epoch" series={loss} xLabel="epoch" />
          {acc.some((s) => s.points.length) ? <LineChart title="Accuracy per epoch" series={acc} xLabel="epoch" /> : null}
          {batch[0].points.length ? <LineChart title="Batch loss" series={batch} xLabel="batch" /> : null}
          {otherKeys.map((k) => (
            <LineChart key={k} title={k} series={[{ label: k, color: '#0891b2', points: sorted(points[k]) }]} />
          ))}
        </div>
      </section>
      <RunLogPanel lines={logs} live={!finished} />
    </div>
  );
}
