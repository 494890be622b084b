'use client';
// Moves a candidate to another hiring stage on a date with a note; HIRED fills the role.
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { CANDIDATE_STAGE_LABELS, CANDIDATE_STAGES, type CandidateStage } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError, type FieldErrors } from '../../lib/forms';

export function CandidateMover(props: { orgId: string; candidateId: string; name: string; stage: CandidateStage }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const next = CANDIDATE_STAGES.filter((s) => s !== props.stage && s !== 'APPLIED');
  // The usual move is one step forward; rejection and skipping stay one click away.
  const following = CANDIDATE_STAGES[CANDIDATE_STAGES.indexOf(props.stage) + 1] ?? next[0];
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await browserApi.team.moveCandidate(props.orgId, props.candidateId, { stage: String(data.get('stage')) as CandidateStage, at: String(data.get('at')), note: String(data.get('note') ?? '') });
      setErrors({});
      router.refresh();
    } catch (err) {
      const p = describeError(err, ['stage', 'at', 'note']);
      setErrors(p.fields);
      setError(p.form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form noValidate onSubmit={submit} className="actions" style={{ gap: 6, flexWrap: 'wrap' }} aria-label={`Move ${props.name}`}>
      <select name="stage" aria-label="New stage" defaultValue={following}>
        {next.map((s) => (
          <option key={s} value={s}>
            {CANDIDATE_STAGE_LABELS[s]}
          </option>
        ))}
      </select>
      {errors.stage ? <span className="field-error">{errors.stage}</span> : null}
      <span>
        <input name="at" type="date" required defaultValue={new Date().toISOString().slice(0, 10)} aria-label="Date" aria-invalid={errors.at ? true : undefined} />
        {errors.at ? <span className="field-error">{errors.at}</span> : null}
      </span>
      <input name="note" placeholder="Note" maxLength={2000} aria-label="Note" />
      <button className="btn btn-sm" type="submit" disabled={busy}>
        Move
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
