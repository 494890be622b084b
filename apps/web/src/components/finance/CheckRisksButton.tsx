'use client';
// "Check now" on the costs page: the risk loop's daily check at once (budgets forecast to overrun and
// satisfaction drops of every project, into the risk register), for when the numbers just changed.
import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function CheckRisksButton({ orgId }: { orgId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await browserApi.finance.checkAllRisks(orgId);
      const raised = r.budgetRisks.length + r.satisfactionRisks.length;
      setResult(
        raised === 0
          ? `Checked ${plural(r.projects, 'project')}: no new risk (open ones are not raised twice).`
          : `Checked ${plural(r.projects, 'project')}: raised ${plural(r.budgetRisks.length, 'financial risk')} and ${plural(r.satisfactionRisks.length, 'satisfaction risk')}.`,
      );
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack" data-testid="check-risks">
      <p className="muted">
        Meridian checks every budget forecast and every project’s user satisfaction once a day and raises risks in the <Link href={`/orgs/${orgId}/risks`}>risk register</Link>. Check now after a change.
      </p>
      <div className="actions">
        <button type="button" className="btn" onClick={run} disabled={busy}>
          {busy ? 'Checking…' : 'Check now'}
        </button>
      </div>
      {result ? (
        <p role="status" data-testid="check-risks-result">
          {result}
        </p>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
