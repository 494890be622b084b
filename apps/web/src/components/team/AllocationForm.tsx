'use client';
// Sets one person's share of time on a project; above the organisation's hard cap the API answers
// 400 with the numbers, shown here as is (nothing changed).
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function AllocationForm(props: { orgId: string; members: { id: string; name: string }[]; projects: { id: string; name: string }[]; capPct: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const m = await browserApi.team.setAllocation(props.orgId, String(data.get('memberId')), { projectId: String(data.get('projectId')), percent: Number(data.get('percent')) });
      setSaved(`${m.name} is now allocated ${m.totalAllocationPct} % in total.`);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Set an allocation">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {saved ? (
        <div className="alert alert-success" role="status">
          {saved}
        </div>
      ) : null}
      <div className="form-row" style={{ gridTemplateColumns: '1fr 1fr 120px auto', alignItems: 'end' }}>
        <label className="field">
          <span className="label">Person</span>
          <select name="memberId" required>
            {props.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Project</span>
          <select name="projectId" required>
            {props.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Percent (0 removes)</span>
          <input name="percent" type="number" min={0} max={100} step={5} required defaultValue={20} />
        </label>
        <button className="btn btn-primary" type="submit" disabled={busy || !props.members.length || !props.projects.length}>
          Save
        </button>
      </div>
      <p className="muted" style={{ fontSize: 12 }}>
        Totals above 100 % are flagged; totals above the hard cap of {props.capPct} % are refused.
      </p>
    </form>
  );
}
