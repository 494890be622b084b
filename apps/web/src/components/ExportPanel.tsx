'use client';
import { useEffect, useRef, useState } from 'react';
import type { JobView } from '@meridian/domain';
import { browserApi } from '../lib/browser-api';
import { describeError } from '../lib/forms';

const STATUS_TEXT: Record<JobView['status'], string> = {
  QUEUED: 'Queued — waiting for a worker',
  RUNNING: 'Exporting',
  SUCCEEDED: 'Export ready',
  FAILED: 'Export failed',
  CANCELLED: 'Export cancelled',
};

function downloadLink(result: unknown): string | null {
  if (typeof result !== 'object' || result === null) return null;
  for (const key of ['downloadUrl', 'url', 'href']) {
    const v = (result as Record<string, unknown>)[key];
    if (typeof v === 'string' && (v.startsWith('/') || v.startsWith('http'))) return v;
  }
  return null;
}

/** Queues a project.export job and follows it live by polling the JobView. */
export function ExportPanel({ orgId, projectId, projectName, canWrite }: { orgId: string; projectId: string; projectName: string; canWrite: boolean }) {
  const [job, setJob] = useState<JobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => () => abort.current?.abort(), []);
  // A clock for the "still queued" hint; only ticks while a job is waiting.
  useEffect(() => {
    if (job?.status !== 'QUEUED') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [job?.status]);

  async function start() {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setError(null);
    try {
      const queued = await browserApi.exports.start(orgId, projectId);
      setJob(queued);
      await browserApi.waitForJob(orgId, queued.id, { intervalMs: 700, signal: controller.signal, onUpdate: setJob });
    } catch (err) {
      if (!controller.signal.aborted) setError(describeError(err, []).form);
    } finally {
      if (!controller.signal.aborted) setBusy(false);
    }
  }

  const link = job?.status === 'SUCCEEDED' ? downloadLink(job.result) : null;
  const blobHref =
    job?.status === 'SUCCEEDED' && !link && job.result !== null && job.result !== undefined
      ? `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(job.result, null, 2))}`
      : null;
  const pct = Math.max(0, Math.min(100, Math.round(job?.progress ?? 0)));
  const queuedFor = job?.status === 'QUEUED' ? Math.round((now - new Date(job.createdAt).getTime()) / 1000) : 0;

  return (
    <section className="card" aria-labelledby="export-title">
      <div className="card-header">
        <div>
          <h2 id="export-title">Export</h2>
          <p>A JSON snapshot of this project, built by a background job.</p>
        </div>
        <button className="btn" type="button" onClick={start} disabled={busy || !canWrite} title={canWrite ? undefined : 'Viewers cannot start exports'}>
          {busy ? 'Exporting…' : 'Export project'}
        </button>
      </div>
      <div className="card-body stack" aria-live="polite">
        {!job && !error ? (
          <p className="muted">
            {canWrite ? 'No export started from this page yet. Start one to follow its progress here.' : 'Your role (viewer) can read this project but not export it.'}
          </p>
        ) : null}
        {job ? (
          <div className="stack" style={{ gap: 8 }}>
            <div className="actions" style={{ justifyContent: 'space-between' }}>
              <strong data-testid="export-status">{STATUS_TEXT[job.status]}</strong>
              <span className="muted">
                {pct}%{job.attempts > 1 ? ` · attempt ${job.attempts}` : ''}
              </span>
            </div>
            <div className="progress" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
              <span style={{ width: `${job.status === 'SUCCEEDED' ? 100 : pct}%` }} />
            </div>
            {queuedFor >= 20 ? (
              <div className="alert alert-warning">
                Still queued after {queuedFor} s. No job processor has picked it up: in embedded mode they run inside the API process; with Redis,
                check that a worker is running. The export starts as soon as one is.
              </div>
            ) : null}
            {job.status === 'FAILED' ? <div className="alert alert-error">{job.error ?? 'The export job failed without a message.'}</div> : null}
            {link ? (
              <a className="btn btn-primary" href={link} style={{ alignSelf: 'flex-start' }}>
                Download export
              </a>
            ) : null}
            {blobHref ? (
              <>
                <a className="btn btn-primary" href={blobHref} download={`${projectName.replace(/[^\w.-]+/g, '-')}-export.json`} style={{ alignSelf: 'flex-start' }}>
                  Download JSON
                </a>
                <details>
                  <summary>Show the exported data</summary>
                  <pre className="json">{JSON.stringify(job.result, null, 2)}</pre>
                </details>
              </>
            ) : null}
          </div>
        ) : null}
        {error ? (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        ) : null}
      </div>
    </section>
  );
}
