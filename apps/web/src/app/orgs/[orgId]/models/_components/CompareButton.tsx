'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../../../../lib/browser-api';
import { describeError } from '../../../../../lib/forms';

/** Queues a comparison of this version with the champion, follows it to the end, then refreshes the page. */
export function CompareButton({ orgId, modelId, label = 'Compare with the champion' }: { orgId: string; modelId: string; label?: string }) {
  const router = useRouter();
  const [state, setState] = useState<'idle' | 'queued' | 'running'>('idle');
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    setState('queued');
    try {
      const queued = await browserApi.modelComparisons.compare(orgId, modelId);
      setState('running');
      // A failed comparison shows its reason in the panel after the refresh.
      await browserApi.modelComparisons.waitFor(orgId, queued.id, { intervalMs: 1000, timeoutMs: 300_000 });
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form ?? 'The comparison could not be started.');
    } finally {
      setState('idle');
    }
  }

  return (
    <div className="stack" style={{ gap: 8 }}>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="btn" onClick={run} disabled={state !== 'idle'}>
          {state === 'queued' ? 'Queuing…' : state === 'running' ? 'Evaluating both models…' : label}
        </button>
      </div>
    </div>
  );
}
