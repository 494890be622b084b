'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { LABELS, ROLES, ZCreateApiKeySchema, type ApiKeyView, type CreatedApiKeyView, type Role } from '@meridian/domain';
import { browserApi } from '../lib/browser-api';
import { describeError, zodFieldErrors, type FieldErrors } from '../lib/forms';
import { Field, FormError } from './Field';
import { formatDateTime } from './ui';

export function ApiKeysManager(props: { orgId: string; keys: ApiKeyView[]; canManage: boolean; callerRole: Role }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiKeyView | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  // A key can act with at most its creator's role.
  const grantable = ROLES.filter((r) => r !== 'OWNER' || props.callerRole === 'OWNER');

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = ZCreateApiKeySchema.safeParse({ name: data.get('name'), role: data.get('role') });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setBusy('create');
    setErrors({});
    setFormError(null);
    try {
      const key = await browserApi.apiKeys.create(props.orgId, parsed.data);
      setCreated(key);
      setCopied(null);
      form.reset();
      router.refresh();
    } catch (err) {
      const p = describeError(err, ['name', 'role']);
      setErrors(p.fields);
      setFormError(p.form);
    } finally {
      setBusy(null);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  async function revoke(key: ApiKeyView) {
    if (!window.confirm(`Revoke “${key.name}”? Anything using it stops working immediately.`)) return;
    setBusy(key.id);
    setRowError(null);
    try {
      await browserApi.apiKeys.revoke(props.orgId, key.id);
      if (created?.id === key.id) setCreated(null);
      router.refresh();
    } catch (err) {
      setRowError(`${key.name}: ${describeError(err, []).form}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack">
      {created ? (
        <section className="card" aria-labelledby="new-key-title" style={{ borderColor: '#f1dca8' }}>
          <div className="card-header">
            <h2 id="new-key-title">New key “{created.name}”</h2>
            <button type="button" className="btn btn-sm" onClick={() => setCreated(null)}>
              I have stored it
            </button>
          </div>
          <div className="card-body stack">
            <div className="alert alert-warning" role="alert">
              <strong>Copy this key now. It is shown only once</strong>: Meridian stores only a hash and cannot show it again. Keep it in a secret
              manager; anyone holding it can act as a {LABELS.role[created.role].toLowerCase()} of this organisation.
            </div>
            <div className="secret">
              <code data-testid="new-api-key">{created.key}</code>
              <button type="button" className="btn" onClick={copy}>
                {copied === 'yes' ? 'Copied' : 'Copy'}
              </button>
            </div>
            <span aria-live="polite" className="muted">
              {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser blocked clipboard access; select the key and copy it by hand.' : ''}
            </span>
          </div>
        </section>
      ) : null}

      {props.canManage ? (
        <section className="card" aria-labelledby="create-key-title">
          <div className="card-header">
            <div>
              <h2 id="create-key-title">Create an API key</h2>
              <p>For the SDK, the CLI and CI jobs. Each key belongs to this organisation and acts with the role you give it.</p>
            </div>
          </div>
          <form className="card-body form" onSubmit={create} noValidate>
            <FormError message={formError} />
            <div className="form-row" style={{ gridTemplateColumns: '2fr 1fr auto', alignItems: 'end' }}>
              <Field id="key-name" label="Name" error={errors.name}>
                {(aria) => <input {...aria} name="name" type="text" maxLength={80} placeholder="e.g. CI training pipeline" required />}
              </Field>
              <Field id="key-role" label="Role" error={errors.role}>
                {(aria) => (
                  <select {...aria} name="role" defaultValue="MEMBER">
                    {grantable.map((r) => (
                      <option key={r} value={r}>
                        {LABELS.role[r]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button className="btn btn-primary" type="submit" disabled={busy === 'create'}>
                {busy === 'create' ? 'Creating…' : 'Create key'}
              </button>
            </div>
          </form>
        </section>
      ) : (
        <div className="alert alert-info">Only owners and admins can create or revoke API keys.</div>
      )}

      <section className="card" aria-labelledby="keys-title">
        <div className="card-header">
          <h2 id="keys-title">Keys</h2>
        </div>
        {rowError ? (
          <div className="card-body" style={{ paddingBottom: 0 }}>
            <div className="alert alert-error" role="alert">
              {rowError}
            </div>
          </div>
        ) : null}
        {props.keys.length === 0 ? (
          <div className="card-body muted">No API keys yet. Keys you create appear here with their prefix, role and when they were last used.</div>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  {props.canManage ? (
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {props.keys.map((k) => (
                  <tr key={k.id}>
                    <td className="row-title">{k.name}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{LABELS.role[k.role]}</td>
                    <td className="muted">{formatDateTime(k.createdAt)}</td>
                    <td className="muted">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
                    <td>{k.revokedAt ? <span className="badge badge-danger">Revoked</span> : <span className="badge badge-success">Active</span>}</td>
                    {props.canManage ? (
                      <td style={{ textAlign: 'right' }}>
                        {!k.revokedAt ? (
                          <button type="button" className="btn btn-sm btn-danger" onClick={() => revoke(k)} disabled={busy === k.id}>
                            Revoke
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
