'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

const FIELDS = [
  ['intendedUse', 'Intended use', 'Who uses the model for what decision, and who stays responsible for it'],
  ['outOfScopeUse', 'Out-of-scope use', 'Uses it was not built or evaluated for'],
  ['limitations', 'Limitations', 'Where it is known to be weak: data gaps, groups, conditions'],
  ['ethicalConsiderations', 'Ethical considerations', 'Risks to people and how they are handled'],
] as const;

type Notes = Record<(typeof FIELDS)[number][0], string>;

/** Edit the hand-written parts of the model card (MEMBER and above). */
export function NotesForm({ orgId, modelVersionId, initial }: { orgId: string; modelVersionId: string; initial: Notes }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await browserApi.modelCards.updateNotes(orgId, modelVersionId, Object.fromEntries(FIELDS.map(([k]) => [k, String(f.get(k) ?? '')])) as Notes);
      setSaved(true);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form ?? 'Saving failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label="Edit the model card">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {saved ? (
        <div className="alert" role="status">
          Saved.
        </div>
      ) : null}
      {FIELDS.map(([name, label, hint]) => (
        <div className="field" key={name}>
          <label htmlFor={`card-${name}`}>{label}</label>
          <textarea id={`card-${name}`} name={name} rows={3} maxLength={8000} defaultValue={initial[name]} placeholder={hint} />
        </div>
      ))}
      <div>
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy}>
          {busy ? 'Saving…' : 'Save the card'}
        </button>
      </div>
    </form>
  );
}
