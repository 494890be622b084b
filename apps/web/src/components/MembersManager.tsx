'use client';
import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { LABELS, ROLES, ZAddMemberSchema, type Role } from '@meridian/domain';
import type { MemberView } from '@meridian/sdk';
import { browserApi } from '../lib/browser-api';
import { describeError, zodFieldErrors, type FieldErrors } from '../lib/forms';
import { Field, FormError } from './Field';
import { formatDate } from './ui';

export function MembersManager(props: { orgId: string; members: MemberView[]; currentUserId: string; canManage: boolean; callerRole: Role }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Only an owner can hand out the owner role; the API enforces the same rule.
  const grantable = ROLES.filter((r) => r !== 'OWNER' || props.callerRole === 'OWNER');

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = ZAddMemberSchema.safeParse({ email: data.get('email'), role: data.get('role') });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setBusy('add');
    setErrors({});
    setFormError(null);
    try {
      await browserApi.members.add(props.orgId, parsed.data);
      form.reset();
      router.refresh();
    } catch (err) {
      const p = describeError(err, ['email', 'role']);
      setErrors(p.fields);
      setFormError(p.form);
    } finally {
      setBusy(null);
    }
  }

  async function changeRole(member: MemberView, role: Role) {
    setBusy(member.userId);
    setRowError(null);
    try {
      await browserApi.members.update(props.orgId, member.userId, { role });
      router.refresh();
    } catch (err) {
      setRowError(`${member.name}: ${describeError(err, []).form}`);
    } finally {
      setBusy(null);
    }
  }

  async function remove(member: MemberView) {
    if (!window.confirm(`Remove ${member.name} (${member.email}) from this organisation? They lose access immediately.`)) return;
    setBusy(member.userId);
    setRowError(null);
    try {
      await browserApi.members.remove(props.orgId, member.userId);
      router.refresh();
    } catch (err) {
      setRowError(`${member.name}: ${describeError(err, []).form}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack">
      {props.canManage ? (
        <section className="card" aria-labelledby="add-member-title">
          <div className="card-header">
            <div>
              <h2 id="add-member-title">Add a member</h2>
              <p>The person needs a Meridian account with this email address.</p>
            </div>
          </div>
          <form className="card-body form" onSubmit={add} noValidate>
            <FormError message={formError} />
            <div className="form-row" style={{ gridTemplateColumns: '2fr 1fr auto', alignItems: 'end' }}>
              <Field id="member-email" label="Email" error={errors.email}>
                {(aria) => <input {...aria} name="email" type="email" autoComplete="off" required />}
              </Field>
              <Field id="member-role" label="Role" error={errors.role}>
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
              <button className="btn btn-primary" type="submit" disabled={busy === 'add'}>
                {busy === 'add' ? 'Adding…' : 'Add member'}
              </button>
            </div>
          </form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="members-title">
        <div className="card-header">
          <div>
            <h2 id="members-title">Members</h2>
            <p>Owners and admins manage members and keys; members create and edit; viewers read.</p>
          </div>
        </div>
        {rowError ? (
          <div className="card-body" style={{ paddingBottom: 0 }}>
            <div className="alert alert-error" role="alert">
              {rowError}
            </div>
          </div>
        ) : null}
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                {props.canManage ? (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => {
                const self = m.userId === props.currentUserId;
                const editable = props.canManage && !self && (m.role !== 'OWNER' || props.callerRole === 'OWNER');
                return (
                  <tr key={m.userId}>
                    <td>
                      <span className="row-title">{m.name}</span> {self ? <span className="badge">You</span> : null}
                    </td>
                    <td>{m.email}</td>
                    <td>
                      {editable ? (
                        <select
                          aria-label={`Role of ${m.name}`}
                          value={m.role}
                          disabled={busy === m.userId}
                          onChange={(e) => changeRole(m, e.target.value as Role)}
                          style={{ width: 'auto' }}
                        >
                          {grantable.map((r) => (
                            <option key={r} value={r}>
                              {LABELS.role[r]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className={`badge ${m.role === 'OWNER' ? 'badge-accent' : ''}`}>{LABELS.role[m.role]}</span>
                      )}
                    </td>
                    <td className="muted">{m.createdAt ? formatDate(m.createdAt) : '—'}</td>
                    {props.canManage ? (
                      <td style={{ textAlign: 'right' }}>
                        {editable ? (
                          <button type="button" className="btn btn-sm btn-danger" onClick={() => remove(m)} disabled={busy === m.userId}>
                            Remove
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
