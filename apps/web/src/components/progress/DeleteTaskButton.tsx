'use client';
// Deletes a task after a confirmation. When other tasks depend on it the API answers 409 naming
// them and deletes nothing; the message is shown with the explicit way out (drop those
// dependencies too), never done silently.
import { useState } from 'react';
import { ApiError } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function DeleteTaskButton(props: { orgId: string; projectId: string; taskId: string; title: string; disabled?: boolean; onDeleted: () => void }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'dependents'>('idle');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function remove(detach: boolean) {
    setBusy(true);
    setMessage(null);
    try {
      await browserApi.progress.deleteTask(props.orgId, props.projectId, props.taskId, { detach });
      setStep('idle');
      props.onDeleted();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT' && !detach) setStep('dependents');
      setMessage(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }

  if (step === 'idle') {
    return (
      <button type="button" className="btn btn-sm" disabled={props.disabled} onClick={() => setStep('confirm')} aria-label={`Delete ${props.title}`}>
        Delete
      </button>
    );
  }
  return (
    // Cards are narrow: long task names in the message wrap anywhere, buttons wrap their labels.
    <div role="group" aria-label={`Delete ${props.title}?`} style={{ marginTop: 6, fontSize: 12, overflowWrap: 'anywhere', flexBasis: '100%' }}>
      {message ? (
        <div className="field-error" role="alert">
          {message}
        </div>
      ) : (
        <div className="muted">Delete “{props.title}”?</div>
      )}
      <div className="actions" style={{ gap: 4, marginTop: 4, flexWrap: 'wrap' }}>
        {step === 'confirm' ? (
          <button type="button" className="btn btn-sm btn-danger" disabled={busy} onClick={() => void remove(false)}>
            {busy ? 'Deleting…' : 'Delete task'}
          </button>
        ) : (
          <button type="button" className="btn btn-sm btn-danger" style={{ whiteSpace: 'normal', height: 'auto', textAlign: 'left' }} disabled={busy} onClick={() => void remove(true)}>
            {busy ? 'Deleting…' : 'Delete and drop those dependencies'}
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => {
            setStep('idle');
            setMessage(null);
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
