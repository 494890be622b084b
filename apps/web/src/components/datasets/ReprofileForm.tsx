'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

/** Profiles the version again, e.g. with another label column after "unknown column" failed it. */
export function ReprofileForm({
  orgId,
  datasetId,
  versionId,
  targetColumn,
  columns,
}: {
  orgId: string;
  datasetId: string;
  versionId: string;
  targetColumn: string | null;
  columns: string[] | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get('targetColumn') ?? '').trim();
    setBusy(true);
    try {
      await browserApi.datasets.reprofile(orgId, datasetId, versionId, value || null);
      setError(null);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form ?? 'Profiling could not be queued');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Profile again">
      <div className="grid-3">
        <label className="field">
          <span className="label">Label column</span>
          {columns && columns.length > 0 ? (
            <select name="targetColumn" defaultValue={targetColumn ?? ''}>
              <option value="">(none)</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          ) : (
            <input type="text" name="targetColumn" defaultValue={targetColumn ?? ''} maxLength={200} placeholder="e.g. label" />
          )}
        </label>
      </div>
      <div>
        <button className="btn" type="submit" disabled={busy}>
          {busy ? 'Queuing…' : 'Profile again'}
        </button>
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
