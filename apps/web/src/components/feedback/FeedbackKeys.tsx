'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { FeedbackKeyView, SurveyView } from '@meridian/sdk';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

/** What the widget asks (data-kind of widget.js): the same kinds as a survey, minus free text. */
const WIDGET_KINDS = [
  { kind: 'nps', label: 'NPS: 0–10 “would you recommend us?”' },
  { kind: 'csat', label: 'CSAT: 1–5 “how satisfied are you?”' },
  { kind: 'thumbs', label: 'Thumbs up or down' },
] as const;
type WidgetKind = (typeof WIDGET_KINDS)[number]['kind'];
const SURVEY_TO_WIDGET: Partial<Record<SurveyView['kind'], WidgetKind>> = { NPS: 'nps', CSAT: 'csat', THUMBS: 'thumbs' };

/** The snippet widget.js reads (apps/api/src/feedback/widget.ts widgetSnippet builds the same). */
function snippet(origin: string, key: string, opts: { kind?: WidgetKind; surveyId?: string } = {}) {
  const kind = opts.kind && opts.kind !== 'nps' ? ` data-kind="${opts.kind}"` : '';
  const survey = opts.surveyId ? ` data-survey="${opts.surveyId}"` : '';
  return `<div id="meridian-feedback"></div>\n<script src="${origin}/api/public/feedback/widget.js" data-key="${key}"${kind}${survey} async></script>`;
}

/** Feedback keys of a project: the secret is shown once, with the embeddable snippet. */
export function FeedbackKeys({ orgId, projectId, keys, canManage, surveys = [] }: { orgId: string; projectId: string; keys: FeedbackKeyView[]; canManage: boolean; surveys?: SurveyView[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const [kind, setKind] = useState<WidgetKind>('nps');
  const [surveyId, setSurveyId] = useState('');
  // Only surveys the widget can answer: a survey's kind decides the widget's.
  const askable = surveys.filter((sv) => sv.active && SURVEY_TO_WIDGET[sv.kind]);
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
          <div className="form-row">
            <div className="field">
              <label htmlFor="widget-kind">Widget asks</label>
              <select id="widget-kind" value={kind} disabled={surveyId !== ''} onChange={(e) => setKind(e.target.value as WidgetKind)}>
                {WIDGET_KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="widget-survey">Survey</label>
              <select
                id="widget-survey"
                value={surveyId}
                onChange={(e) => {
                  setSurveyId(e.target.value);
                  const sv = askable.find((x) => x.id === e.target.value);
                  if (sv) setKind(SURVEY_TO_WIDGET[sv.kind] ?? 'nps');
                }}
              >
                <option value="">None</option>
                {askable.map((sv) => (
                  <option key={sv.id} value={sv.id}>
                    {sv.name} ({sv.kind})
                  </option>
                ))}
              </select>
            </div>
          </div>
          <pre className="secret" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="widget-snippet">
            {snippet(origin, created, { kind, surveyId: surveyId || undefined })}
          </pre>
          <p className="muted">
            Per page you may add <code>data-model-version=&quot;…&quot;</code> (a model version of this project) and <code>data-prediction=&quot;…&quot;</code> (with it) so the answer is tied to what the
            user saw, and <code>data-question=&quot;…&quot;</code> to ask in your own words. A mistake there is reported in the browser console of the page, and nothing is stored.
          </p>
          <p className="muted">
            Or post from your backend: <code>POST {origin}/api/public/feedback</code> with header <code>X-Feedback-Key</code> and a JSON body such as{' '}
            <code>{'{"nps": 9, "csat": 5, "thumbs": "up", "comment": "…", "surveyId": "…", "modelVersionId": "…", "predictionId": "…"}'}</code> (any of the scores). A <code>modelVersionId</code> must be a model version of this project (see
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
