import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Audit log' };

// Readable names for the API's audit actions; an action added later still shows, by its code.
const ACTION_LABELS: Record<string, string> = {
  'auth.signup': 'Signed up',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.logout': 'Signed out',
  'org.create': 'Created organisation',
  'member.add': 'Added member',
  'member.role_change': 'Changed member role',
  'member.remove': 'Removed member',
  'apikey.create': 'Created API key',
  'apikey.revoke': 'Revoked API key',
  'project.create': 'Created project',
  'project.delete': 'Deleted project',
};

function describeMetadata(metadata: unknown): string {
  if (metadata === null || metadata === undefined) return '';
  if (typeof metadata !== 'object') return String(metadata);
  return Object.entries(metadata as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export default async function AuditLogPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ after?: string; action?: string }> }) {
  const { orgId } = await params;
  const { after, action: rawAction } = await searchParams;
  const action = typeof rawAction === 'string' && rawAction in ACTION_LABELS ? rawAction : undefined;
  const { membership } = await requireMembership(orgId);
  if (!roleAtLeast(membership.role, 'ADMIN')) {
    return (
      <>
        <PageHeader title="Audit log" />
        <div className="alert alert-info">The audit log is visible to owners and admins of {membership.organizationName}.</div>
      </>
    );
  }
  const trail = typeof after === 'string' && after ? after.split(',') : [];
  const [page, members, keys] = await load((api) =>
    Promise.all([api.auditLogs.list(orgId, { limit: 50, cursor: trail[trail.length - 1] ?? null, action }), api.members.list(orgId), api.apiKeys.list(orgId)]),
  );
  // Show people and keys by name; ids of removed members or deleted keys stay visible as ids.
  const userName = new Map(members.map((m) => [m.userId, `${m.name} (${m.email})`]));
  const keyName = new Map(keys.map((k) => [k.id, `${k.name} (${k.prefix}…)`]));
  const target = (type: string | null, id: string | null) => {
    if (!type) return '—';
    const kind = type.toLowerCase();
    const name = id
      ? kind === 'user' || kind === 'member'
        ? userName.get(id)
        : kind === 'apikey' || kind === 'api_key'
          ? keyName.get(id)
          : kind === 'organization' && id === orgId
            ? membership.organizationName
            : undefined
      : undefined;
    return name ? `${type}: ${name}` : `${type} ${id ?? ''}`;
  };
  const base = `/orgs/${orgId}/audit-log`;
  const href = (stack: string[]) => {
    const q = new URLSearchParams();
    if (action) q.set('action', action);
    if (stack.length) q.set('after', stack.join(','));
    const text = q.toString();
    return text ? `${base}?${text}` : base;
  };
  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins, membership and key changes, and deletions: who did what, to what, and when. Newest first." />
      <form method="get" action={base} className="actions" style={{ marginBottom: 16 }} aria-label="Filter the audit log">
        <label htmlFor="audit-action" className="label">
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={action ?? ''} style={{ width: 'auto' }}>
          <option value="">All actions</option>
          {Object.entries(ACTION_LABELS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" className="btn">
          Filter
        </button>
      </form>
      <section className="card">
        {page.items.length === 0 ? (
          <EmptyState icon="A" title={action ? `No “${ACTION_LABELS[action]}” events` : 'No events recorded'}>
            <p>Events appear here as people sign in, change memberships or keys, and delete things.</p>
          </EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Action</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Target</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((e) => (
                    <tr key={e.id}>
                      <td className="muted" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(e.createdAt)}
                      </td>
                      <td>
                        <div>{ACTION_LABELS[e.action] ?? e.action}</div>
                        <code className="muted">{e.action}</code>
                      </td>
                      <td>
                        {e.actorUserId
                          ? (userName.get(e.actorUserId) ?? <span className="mono">user {e.actorUserId}</span>)
                          : e.actorApiKeyId
                            ? `API key ${keyName.get(e.actorApiKeyId) ?? e.actorApiKeyId}`
                            : 'System'}
                      </td>
                      <td>{target(e.targetType, e.targetId)}</td>
                      <td className="muted">{describeMetadata(e.metadata)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pagination" aria-label="Pages">
              <span>Page {trail.length + 1}</span>
              <span className="actions">
                {trail.length > 0 ? (
                  <Link className="btn btn-sm" href={href(trail.slice(0, -1))}>
                    ← Newer
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link className="btn btn-sm" href={href([...trail, page.nextCursor])}>
                    Older →
                  </Link>
                ) : null}
              </span>
            </nav>
          </>
        )}
      </section>
    </>
  );
}
