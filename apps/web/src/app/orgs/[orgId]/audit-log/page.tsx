import type { Metadata } from 'next';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { EmptyState, formatDateTime, PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Audit log' };

function describeMetadata(metadata: unknown): string {
  if (metadata === null || metadata === undefined) return '';
  if (typeof metadata !== 'object') return String(metadata);
  return Object.entries(metadata as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export default async function AuditLogPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ after?: string }> }) {
  const { orgId } = await params;
  const { after } = await searchParams;
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
    Promise.all([api.auditLogs.list(orgId, { limit: 50, cursor: trail[trail.length - 1] ?? null }), api.members.list(orgId), api.apiKeys.list(orgId)]),
  );
  // Show people and keys by name; ids of removed members or deleted keys stay visible as ids.
  const userName = new Map(members.map((m) => [m.userId, `${m.name} (${m.email})`]));
  const keyName = new Map(keys.map((k) => [k.id, `${k.name} (${k.prefix}…)`]));
  const target = (type: string | null, id: string | null) => {
    if (!type) return '—';
    const name = id ? (type === 'user' || type === 'member' ? userName.get(id) : type === 'apiKey' || type === 'api_key' ? keyName.get(id) : undefined) : undefined;
    return name ? `${type}: ${name}` : `${type} ${id ?? ''}`;
  };
  const base = `/orgs/${orgId}/audit-log`;
  const href = (stack: string[]) => (stack.length ? `${base}?after=${stack.map(encodeURIComponent).join(',')}` : base);
  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins, membership and key changes, and deletions: who did what, to what, and when. Newest first." />
      <section className="card">
        {page.items.length === 0 ? (
          <EmptyState icon="A" title="No events recorded">
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
                        <code>{e.action}</code>
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
