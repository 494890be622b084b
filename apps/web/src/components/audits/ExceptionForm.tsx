'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError, FormError } from '../../lib/forms';

/** OWNER only: accept this audit for the promotion gate with a written justification, or withdraw it. */
export function ExceptionForm({ orgId, auditId, accepted }: { orgId: string; auditId: string; accepted: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setText('');
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form ?? 'The request failed.');
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run(() => browserApi.fairnessAudits.recordException(orgId, auditId, { justification: text }));
  }

  if (accepted) {
    return (
      <div>
        <FormError message={error} />
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void run(() => browserApi.fairnessAudits.withdrawException(orgId, auditId))}>
          {busy ? 'Withdrawing…' : 'Withdraw the exception'}
        </button>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Accept an exception">
      <FormError message={error} />
      <div className="field">
        <label htmlFor="exception-justification">Justification (at least 20 characters): why this version may reach production despite the audit, and what limits its use</label>
        <textarea id="exception-justification" name="justification" rows={3} minLength={20} maxLength={4000} required value={text} onChange={(e) => setText(e.target.value)} />
        <span className="muted" style={{ fontSize: '0.8rem' }}>
          {text.trim().length < 20 ? `${20 - text.trim().length} more characters needed` : 'Recorded with your name and the date, and in the audit log.'}
        </span>
      </div>
      <div>
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy || text.trim().length < 20}>
          {busy ? 'Recording…' : 'Accept the exception'}
        </button>
      </div>
    </form>
  );
}
