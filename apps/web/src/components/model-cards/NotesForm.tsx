'use client';
import { useState } from 'react';
import { browserApi } from '../../lib/browser-api';
import { FormError, useApiForm } from '../../lib/forms';

const FIELDS = [
  ['intendedUse', 'Intended use', 'Who uses the model for what decision, and who stays responsible for it'],
  ['outOfScopeUse', 'Out-of-scope use', 'Uses it was not built or evaluated for'],
  ['limitations', 'Limitations', 'Where it is known to be weak: data gaps, groups, conditions'],
  ['ethicalConsiderations', 'Ethical considerations', 'Risks to people and how they are handled'],
] as const;

type Notes = Record<(typeof FIELDS)[number][0], string>;

/** Edit the hand-written parts of the model card (MEMBER and above). */
export function NotesForm({ orgId, modelVersionId, initial }: { orgId: string; modelVersionId: string; initial: Notes }) {
  const [saved, setSaved] = useState(false);
  // No reset: the textareas hold the card as saved. Every problem is shown above the form.
  const { formError: error, busy, onSubmit } = useApiForm(
    [],
    async (f) => {
      setSaved(false);
      await browserApi.modelCards.updateNotes(orgId, modelVersionId, Object.fromEntries(FIELDS.map(([k]) => [k, String(f.get(k) ?? '')])) as Notes);
      setSaved(true);
    },
    { reset: false, mapError: (p) => ({ ...p, form: p.form ?? 'Saving failed.' }) },
  );

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Edit the model card">
      <FormError message={error} />
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
