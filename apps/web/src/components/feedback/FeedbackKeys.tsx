'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { FeedbackKeyView } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

function snippet(origin: string, key: string) {
  return `<div id="meridian-feedback"></div>\n<script src="${origin}/api/public/feedback/widget.js" data-key="${key}" async></script>`;
}

/** Feedback keys of a project: the secret is shown once, with the embeddable snippet. */
export function FeedbackKeys({ orgId, projectId, keys, canManage }: { orgId: string; projectId: string; keys: FeedbackKeyView[]; canManage: boolean }) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;

  async function run(id: string, fn: () => Promise<{ key: string } | void>) {
    setBusy(id);
    setError(null);
    try {
      const r = await fn();
      if (r) setCreated(r.key);
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form ?? 'That did not work');
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack">
      {created && (
        <div className="alert alert-success" role="status" data-testid="new-feedback-key">
          <p>Copy this key now; it is not shown again. Paste the snippet into any page where your users should rate you:</p>
          <pre className="secret" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {snippet(origin, created)}
          </pre>
          <p className="muted">
            Or post from your backend: <code>POST {origin}/api/public/feedback</code> with header <code>X-Feedback-Key</code> and a JSON body such as{' '}
            <code>{'{"nps": 9, "comment": "…", "modelVersionId": "…", "predictionId": "…"}'}</code>. A <code>modelVersionId</code> must be a model version of this project (see
            Models), and a <code>predictionId</code> needs it; anything else is refused with 422 and not stored.
          </p>
          <code data-testid="feedback-key-value" className="sr-only">
            {created}
          </code>
        </div>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <ul className="list">
        {keys.length === 0 && <li className="muted">No feedback keys yet.</li>}
        {keys.map((k) => (
          <li key={k.id} className="list-row">
            <span>
              <strong>{k.name}</strong> <code>mfk_{k.prefix}_…</code> {k.revokedAt ? <span className="badge badge-danger">revoked</span> : <span className="badge badge-success">active</span>}
            </span>
            {canManage && !k.revokedAt && (
              <span style={{ display: 'flex', gap: 8 }}>
                <button className="btn btn-sm" disabled={busy !== null} onClick={() => run(k.id, () => browserApi.feedback.keys.rotate(orgId, projectId, k.id))}>
                  Rotate
                </button>
                <button
                  className="btn btn-sm btn-danger"
                  disabled={busy !== null}
                  onClick={() => window.confirm(`Revoke “${k.name}”? Widgets using it stop working.`) && run(k.id, () => browserApi.feedback.keys.revoke(orgId, projectId, k.id))}
                >
                  Revoke
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <div>
          <button className="btn btn-primary" disabled={busy !== null} onClick={() => run('new', () => browserApi.feedback.keys.create(orgId, projectId, 'Website widget'))}>
            {busy === 'new' ? 'Creating…' : 'Create feedback key'}
          </button>
        </div>
      )}
    </div>
  );
}
