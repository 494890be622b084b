'use client';
// Records a measured value of a milestone's metric; the status is recomputed from it by the API.
import { browserApi } from '../../lib/browser-api';
import { useApiForm } from '../../lib/forms';

export function RecordValueForm(props: { orgId: string; milestoneId: string; metric: string }) {
  const { formError: error, busy, onSubmit } = useApiForm([], async (data) => {
    await browserApi.progress.recordValue(props.orgId, props.milestoneId, { date: String(data.get('date')), value: Number(data.get('value')) });
  });
  return (
    <form onSubmit={onSubmit} className="actions" style={{ gap: 6, flexWrap: 'wrap' }} aria-label={`Record ${props.metric}`}>
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
