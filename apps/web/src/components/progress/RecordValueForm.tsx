'use client';
// Records a measured value of a milestone's metric; the status is recomputed from it by the API.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function RecordValueForm(props: { orgId: string; milestoneId: string; metric: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      await browserApi.progress.recordValue(props.orgId, props.milestoneId, { date: String(data.get('date')), value: Number(data.get('value')) });
      form.reset();
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="actions" style={{ gap: 6, flexWrap: 'wrap' }} aria-label={`Record ${props.metric}`}>
      <input name="value" type="number" step="any" required placeholder={props.metric} aria-label={`${props.metric} value`} style={{ width: 100 }} />
      <input name="date" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} aria-label="Measured on" />
      <button className="btn btn-sm" type="submit" disabled={busy}>
        Record
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
