import Link from 'next/link';
import { LABELS, type MembershipView } from '@meridian/domain';

export function OrgSwitcher({ memberships, current }: { memberships: MembershipView[]; current: MembershipView }) {
  return (
    <details className="org-switcher">
      <summary aria-label={`Organisation: ${current.organizationName}. Switch organisation`}>
        <span className="avatar" aria-hidden="true">
          {initials(current.organizationName)}
        </span>
        <span className="org-switcher-label">
          <strong>{current.organizationName}</strong>
          <span>{LABELS.role[current.role]}</span>
        </span>
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </summary>
      <ul className="org-menu" aria-label="Your organisations">
        {memberships.map((m) => (
          <li key={m.organizationId}>
            <Link href={`/orgs/${m.organizationId}`} aria-current={m.organizationId === current.organizationId ? 'true' : undefined}>
              <span>{m.organizationName}</span>
              <span className="muted">{LABELS.role[m.role]}</span>
            </Link>
          </li>
        ))}
        <li className="divider" role="separator" />
        <li>
          <Link href="/orgs/new">+ New organisation</Link>
        </li>
      </ul>
    </details>
  );
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}
