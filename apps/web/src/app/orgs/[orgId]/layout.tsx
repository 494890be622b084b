import type { ReactNode } from 'react';
import Link from 'next/link';
import { roleAtLeast } from '@meridian/domain';
import { LogoutButton } from '../../../components/LogoutButton';
import { initials } from '../../../components/initials';
import { OrgSwitcher } from '../../../components/OrgSwitcher';
import { SideNav, type NavGroup } from '../../../components/SideNav';
import { UPCOMING_SECTIONS } from '../../../lib/sections';
import { requireMembership } from '../../../lib/server-api';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { me, membership } = await requireMembership(orgId);
  const base = `/orgs/${orgId}`;
  const section = (group: string) =>
    UPCOMING_SECTIONS.filter((s) => s.group === group).map((s) => ({ href: `${base}/${s.slug}`, label: s.title }));
  const groups: NavGroup[] = [
    {
      title: 'Workspace',
      items: [
        { href: base, label: 'Overview', exact: true },
        { href: `${base}/projects`, label: 'Projects' },
      ],
    },
    { title: 'Build', items: section('Build') },
    { title: 'Govern', items: section('Govern') },
    { title: 'Company', items: section('Company') },
    {
      title: 'Settings',
      items: [
        { href: `${base}/members`, label: 'Members' },
        { href: `${base}/api-keys`, label: 'API keys' },
        ...(roleAtLeast(membership.role, 'ADMIN') ? [{ href: `${base}/audit-log`, label: 'Audit log' }] : []),
      ],
    },
  ];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="sidebar-col">
      <aside className="sidebar">
        <Link href={base} className="brand">
          <span className="brand-mark" aria-hidden="true">
            M
          </span>
          Meridian
        </Link>
        <OrgSwitcher memberships={me.memberships} current={membership} />
        <SideNav
          groups={groups}
          footer={
            <div className="sidebar-footer">
              <div className="user-chip">
                <span className="avatar" aria-hidden="true">
                  {initials(me.user.name)}
                </span>
                <span className="user-chip-text">
                  <span>{me.user.name}</span>
                  <span className="user-chip-email">{me.user.email}</span>
                </span>
              </div>
              <LogoutButton />
            </div>
          }
        />
      </aside>
      </div>
      <main className="main" id="main">
        {children}
      </main>
    </div>
  );
}
