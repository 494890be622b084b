'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { AI_ACT_TIERS, COMPLIANCE_STATUSES, RISK_LABELS, type AiActTier, type ComplianceItemView, type ComplianceStatus, type ProjectGovernanceView } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError } from '../../lib/forms';

export function TierForm({ orgId, gov, canWrite }: { orgId: string; gov: ProjectGovernanceView; canWrite: boolean }) {
  const router = useRouter();
  const [tier, setTier] = useState<AiActTier | ''>(gov.aiActTier ?? '');
  const [rationale, setRationale] = useState(gov.aiActRationale);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save() {
    if (!tier) return;
    setBusy(true);
    setError(null);
    try {
      await browserApi.governance.setTier(orgId, gov.projectId, { tier, rationale });
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="form">
      {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
      <div className="form-row">
        <div className="field">
          <label htmlFor="ai-act-tier">EU AI Act tier</label>
          <select id="ai-act-tier" value={tier} disabled={!canWrite || busy} onChange={(e) => setTier(e.target.value as AiActTier)}>
            <option value="">Not classified</option>
            {AI_ACT_TIERS.map((t) => (
              <option key={t} value={t}>
                {RISK_LABELS.aiActTier[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: 2 }}>
          <label htmlFor="ai-act-rationale">Why this tier</label>
          <input id="ai-act-rationale" value={rationale} maxLength={4000} disabled={!canWrite || busy} onChange={(e) => setRationale(e.target.value)} placeholder="e.g. Annex III 4(a): recruitment and selection" />
        </div>
      </div>
      {canWrite ? (
        <div>
          <button type="button" className="btn btn-primary btn-sm" disabled={busy || !tier} onClick={save}>
            {busy ? 'Saving…' : 'Save tier and update the checklist'}
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function ChecklistRow({ orgId, projectId, item, members, canWrite }: { orgId: string; projectId: string; item: ComplianceItemView; members: { userId: string; name: string }[]; canWrite: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [evidenceLabel, setEvidenceLabel] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  async function patch(p: Parameters<typeof browserApi.governance.updateItem>[3]) {
    setBusy(true);
    setError(null);
    try {
      await browserApi.governance.updateItem(orgId, projectId, item.itemId, p);
      setEvidenceLabel('');
      setEvidenceUrl('');
      router.refresh();
    } catch (err) {
      setError(describeError(err, []).form);
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr>
      <td>
        <div className="row-title">{item.title}</div>
        <div className="row-sub">
          {item.reference} — {item.description}
        </div>
        {error ? <div className="field-error" role="alert">{error}</div> : null}
      </td>
      <td className="nowrap">
        <select aria-label={`Status of ${item.title}`} value={item.status} disabled={!canWrite || busy} onChange={(e) => patch({ status: e.target.value as ComplianceStatus })}>
          {COMPLIANCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {RISK_LABELS.complianceStatus[s]}
            </option>
          ))}
        </select>
      </td>
      <td className="nowrap">
        <select aria-label={`Owner of ${item.title}`} value={item.ownerId ?? ''} disabled={!canWrite || busy} onChange={(e) => patch({ ownerId: e.target.value || null })}>
          <option value="">Nobody</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <ul className="list" style={{ margin: 0 }}>
          {item.evidence.map((ev) => (
            <li key={ev.url}>
              <a href={ev.url} target="_blank" rel="noreferrer">
                {ev.label}
              </a>
            </li>
          ))}
        </ul>
        {canWrite ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (evidenceLabel && evidenceUrl) void patch({ evidence: [...item.evidence, { label: evidenceLabel, url: evidenceUrl }] });
            }}
            style={{ display: 'flex', gap: '0.25rem', marginTop: '0.25rem' }}
          >
            <input aria-label="Evidence label" placeholder="Label" value={evidenceLabel} onChange={(e) => setEvidenceLabel(e.target.value)} style={{ width: '7rem' }} />
            <input aria-label="Evidence link" placeholder="https://…" value={evidenceUrl} onChange={(e) => setEvidenceUrl(e.target.value)} style={{ width: '9rem' }} />
            <button type="submit" className="btn btn-sm" disabled={busy}>
              Add
            </button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}
