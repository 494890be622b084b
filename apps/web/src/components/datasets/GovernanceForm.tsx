'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { DATASET_SOURCE_LABELS, DATASET_SOURCES, ZDatasetGovernanceSchema, type DatasetGovernance, type DatasetGovernanceInput, type DatasetSource } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { describeError, zodFieldErrors, type FieldErrors } from '../../lib/forms';

const FIELDS = ['source', 'licence', 'containsPersonalData', 'anonymised', 'legalBasis', 'retentionDays', 'retentionUntil'] as const;

/** Governance of one version; MEMBER and above edit it (each change is audited), others read it. */
export function GovernanceForm({ orgId, datasetId, versionId, value, canEdit }: { orgId: string; datasetId: string; versionId: string; value: DatasetGovernance; canEdit: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const days = String(d.get('retentionDays') ?? '').trim();
    const until = String(d.get('retentionUntil') ?? '').trim();
    const input = {
      source: String(d.get('source')) as DatasetSource,
      licence: String(d.get('licence') ?? ''),
      containsPersonalData: d.get('containsPersonalData') === 'on',
      anonymised: d.get('anonymised') === 'on',
      legalBasis: String(d.get('legalBasis') ?? ''),
      retentionDays: days ? Number(days) : null,
      retentionUntil: until ? new Date(`${until}T00:00:00Z`).toISOString() : null,
    };
    const parsed = ZDatasetGovernanceSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setBusy(true);
    try {
      await browserApi.datasets.updateGovernance(orgId, datasetId, versionId, parsed.data as DatasetGovernanceInput);
      setErrors({});
      setMessage({ ok: true, text: 'Saved. The change is in the audit log.' });
      router.refresh();
    } catch (err) {
      const p = describeError(err, FIELDS);
      setErrors(p.fields);
      setMessage(p.form ? { ok: false, text: p.form } : null);
    } finally {
      setBusy(false);
    }
  }

  const disabled = !canEdit || busy;
  return (
    <form className="form" onSubmit={submit} aria-label="Governance">
      <div className="grid-3">
        <label className="field">
          <span className="label">Source</span>
          <select name="source" defaultValue={value.source} disabled={disabled}>
            {DATASET_SOURCES.map((s) => (
              <option key={s} value={s}>
                {DATASET_SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">Licence</span>
          <input type="text" name="licence" defaultValue={value.licence} maxLength={500} placeholder="e.g. CC BY 4.0, proprietary" disabled={disabled} />
          {errors.licence ? <span className="field-error">{errors.licence}</span> : null}
        </label>
        <label className="field">
          <span className="label">Legal basis (GDPR art. 6)</span>
          <input type="text" name="legalBasis" defaultValue={value.legalBasis} maxLength={500} placeholder="e.g. consent, contract, legitimate interest" disabled={disabled} />
          {errors.legalBasis ? <span className="field-error">{errors.legalBasis}</span> : null}
        </label>
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
          <input type="checkbox" name="containsPersonalData" defaultChecked={value.containsPersonalData} disabled={disabled} />
          <span>Contains personal data</span>
        </label>
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
          <input type="checkbox" name="anonymised" defaultChecked={value.anonymised} disabled={disabled} />
          <span>Anonymised</span>
        </label>
        <div />
        <label className="field">
          <span className="label">Retention (days)</span>
          <input name="retentionDays" type="number" min={1} max={36500} step={1} defaultValue={value.retentionDays ?? ''} disabled={disabled} />
          {errors.retentionDays ? <span className="field-error">{errors.retentionDays}</span> : null}
        </label>
        <label className="field">
          <span className="label">Retain until</span>
          <input name="retentionUntil" type="date" defaultValue={value.retentionUntil ? value.retentionUntil.slice(0, 10) : ''} disabled={disabled} />
          {errors.retentionUntil ? <span className="field-error">{errors.retentionUntil}</span> : null}
        </label>
      </div>
      {message ? (
        <p className={`alert ${message.ok ? 'alert-success' : 'alert-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      {canEdit ? (
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save governance'}
          </button>
        </div>
      ) : (
        <p className="muted">Your role is viewer: ask a member to change these fields.</p>
      )}
    </form>
  );
}
