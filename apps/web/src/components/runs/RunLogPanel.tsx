'use client';
// A run's log lines (RunLog): what the training job did. While the run trains, RunLive adds the
// lines its event stream brings and this panel follows them (scrolled to the newest line) until the
// reader scrolls up to read; scrolling back to the bottom follows again.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RunLogLine } from '@meridian/domain';

const LEVEL_COLOR: Record<RunLogLine['level'], string | undefined> = { INFO: undefined, WARN: 'var(--warning)', ERROR: 'var(--danger)' };

const clock = (iso: string) => iso.slice(11, 19);

export function RunLogPanel({ lines, live }: { lines: RunLogLine[]; live: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const newest = lines.length ? lines[lines.length - 1].seq : 0;

  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [newest, follow]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onScroll = () => setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  return (
    <section className="card" aria-label="Logs">
      <div className="card-header">
        <h2>Logs</h2>
        <span className="muted" data-testid="run-log-count">
          {lines.length} line{lines.length === 1 ? '' : 's'}
          {live ? (follow ? ' · following' : ' · scrolled up, not following') : ''}
        </span>
      </div>
      <div className="card-body">
        {lines.length ? (
          <div
            ref={box}
            role="log"
            aria-live={live ? 'polite' : 'off'}
            aria-label="Run log"
            className="mono"
            style={{ maxHeight: 320, overflow: 'auto', fontSize: 12, background: 'var(--surface-2)', border: '1px solid var(--border)', borderRadius: 'var(--radius-sm)', padding: 12 }}
          >
            {lines.map((l) => (
              <div key={l.seq} data-seq={l.seq} data-level={l.level} style={{ color: LEVEL_COLOR[l.level], whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                <span className="muted" title={l.time}>
                  {clock(l.time)}
                </span>{' '}
                {l.attempt > 1 ? <span className="muted">[attempt {l.attempt}] </span> : null}
                {l.level !== 'INFO' ? <strong>{l.level} </strong> : null}
                <span>{l.message}</span>
              </div>
            ))}
          </div>
        ) : (
          <p className="muted">{live ? 'No log lines yet; they appear here as the run trains.' : 'No log lines for this run.'}</p>
        )}
      </div>
    </section>
  );
}

/** Lines by seq, merged and in order: a line that arrives twice (stream and page load) is kept once. */
export function mergeLogLines(a: RunLogLine[], b: RunLogLine[]): RunLogLine[] {
  if (!b.length) return a;
  const bySeq = new Map<number, RunLogLine>();
  for (const l of a) bySeq.set(l.seq, l);
  for (const l of b) bySeq.set(l.seq, l);
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}
