'use client';
// Pause/resume, run now (with what the launch did), edit and delete for one schedule row.
import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { RetrainScheduleView } from '@meridian/domain';
import type { RunNowResult } from '@meridian/sdk';
import { browserApi } from '../../../../../lib/browser-api';
import { describeError } from '../../../../../lib/forms';
import { ScheduleForm, type Option } from './ScheduleForm';

interface Props {
  orgId: string;
  schedule: RetrainScheduleView;
  projects: { id: string; name: string }[];
  runs: Option[];
  datasets: Option[];
  timeZones: string[];
}

export function ScheduleActions({ orgId, schedule, projects, runs, datasets, timeZones }: Props) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<RunNowResult | null>(null);
  const [editing, setEditing] = useState(false);

  async function act(name: string, fn: () => Promise<unknown>) {
    setBusy(name);
    setError(null);
    try {
      await fn();
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="btn btn-sm btn-primary" disabled={busy !== null} onClick={() => act('run', async () => setResult(await browserApi.retraining.runNow(orgId, schedule.id)))}>
          {busy === 'run' ? 'Starting…' : 'Run now'}
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy !== null}
          onClick={() => act('pause', () => (schedule.paused ? browserApi.retraining.resume(orgId, schedule.id) : browserApi.retraining.pause(orgId, schedule.id)))}
        >
          {schedule.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="btn btn-sm" disabled={busy !== null} aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
          Edit
        </button>
        <button
          type="button"
          className="btn btn-sm btn-danger"
          disabled={busy !== null}
          onClick={() => {
            if (!window.confirm(`Delete the schedule "${schedule.name}"? Its history and the runs it started stay.`)) return;
            void act('delete', () => browserApi.retraining.deleteSchedule(orgId, schedule.id));
          }}
        >
          Delete
        </button>
      </div>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {result ? (
        <div className={result.status === 'STARTED' ? 'alert alert-success' : 'alert alert-warning'} role="status">
          {result.status === 'STARTED' ? (
            <>
              Started <Link href={`/orgs/${orgId}/runs/${result.runId}`}>{result.event.run?.name ?? 'the run'}</Link>.
            </>
          ) : result.status === 'DUPLICATE' ? (
            'Already launched; nothing new started.'
          ) : (
            `${result.status === 'SKIPPED' ? 'Skipped' : 'Failed'}: ${result.reason}`
          )}
        </div>
      ) : null}
      {editing ? (
        // A dialog over the page: the actions cell is too narrow for the form.
        <div
          role="dialog"
          aria-modal="true"
          aria-label={`Edit ${schedule.name}`}
          style={{ position: 'fixed', inset: 0, zIndex: 50, background: 'rgba(15, 23, 42, 0.45)', display: 'flex', alignItems: 'flex-start', justifyContent: 'center', padding: '4rem 1rem', overflowY: 'auto' }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setEditing(false);
          }}
        >
          <div style={{ width: '100%', maxWidth: '56rem' }}>
            <ScheduleForm orgId={orgId} projects={projects} runs={runs} datasets={datasets} timeZones={timeZones} schedule={schedule} onDone={() => setEditing(false)} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
