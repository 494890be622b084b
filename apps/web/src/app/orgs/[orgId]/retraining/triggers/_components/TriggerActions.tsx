'use client';
// Enable/disable, "evaluate now" (a dry run: what the trigger would do with the current data) and delete.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import type { RetrainTriggerView, TriggerEvaluation } from '@meridian/domain';
import { browserApi } from '../../../../../../lib/browser-api';
import { describeError } from '../../../../../../lib/forms';

export function TriggerActions({ orgId, trigger }: { orgId: string; trigger: RetrainTriggerView }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<TriggerEvaluation | null>(null);

  async function act(name: string, fn: () => Promise<unknown>) {
    setBusy(name);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack">
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="btn"
          disabled={busy !== null}
          onClick={() =>
            act('toggle', async () => {
              await browserApi.retrainingTriggers.setEnabled(orgId, trigger.id, !trigger.enabled);
              router.refresh();
            })
          }
        >
          {trigger.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => act('evaluate', async () => setEvaluation(await browserApi.retrainingTriggers.evaluate(orgId, trigger.id)))}>
          {busy === 'evaluate' ? 'Evaluating…' : 'Evaluate now'}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy !== null}
          onClick={() => {
            if (!window.confirm(`Delete the trigger "${trigger.name}"? The runs it started stay.`)) return;
            void act('delete', async () => {
              await browserApi.retrainingTriggers.remove(orgId, trigger.id);
              router.push(`/orgs/${orgId}/retraining/triggers`);
              router.refresh();
            });
          }}
        >
          Delete
        </button>
      </div>
      {evaluation ? (
        <section aria-label="Evaluation" className="card card-body">
          <p>
            <strong>{evaluation.wouldFire ? (evaluation.canFire ? 'Would launch retraining now.' : 'The condition holds, but the trigger would not launch now.') : 'Would not launch retraining.'}</strong>{' '}
            {evaluation.message}
          </p>
          {evaluation.score !== null ? (
            <p className="muted">
              Score {evaluation.score}
              {evaluation.threshold !== null ? ` against the threshold ${evaluation.threshold}` : ''}. Nothing was launched or recorded.
            </p>
          ) : (
            <p className="muted">Nothing was launched or recorded.</p>
          )}
          {typeof evaluation.detail.modelVersionId === 'string' ? (
            <p>
              <Link href={`/orgs/${orgId}/models/${evaluation.detail.modelVersionId}`}>Production model</Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
