'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { MODEL_ALIASES, type ModelAliasName } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

/** Move an alias to this version with a reason; production goes through the promotion gate. */
export function PromoteForm({ orgId, modelId }: { orgId: string; modelId: string }) {
  const router = useRouter();
  const [alias, setAlias] = useState<ModelAliasName>('champion');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await browserApi.models.setAlias(orgId, modelId, alias, reason);
      setDone(`Now ${alias}.`);
      setReason('');
      router.refresh();
    } catch (err) {
      setError(describeError(err, ['reason']).form ?? 'The promotion failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Move an alias">
      {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
      {done ? <div className="alert" role="status">{done}</div> : null}
      <div className="form-row">
        <label className="field">
          <span className="label">Alias</span>
          <select value={alias} onChange={(e) => setAlias(e.target.value as ModelAliasName)}>
            {MODEL_ALIASES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field" style={{ flex: 2 }}>
          <span className="label">Reason</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} placeholder="Why this version" />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Moving…' : `Make ${alias}`}
        </button>
      </div>
    </form>
  );
}
