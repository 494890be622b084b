import type { Metadata } from 'next';
import { roleAtLeast } from '@meridian/domain';
import { MembersManager } from '../../../../components/MembersManager';
import { PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { me, membership } = await requireMembership(orgId);
  const members = await load((api) => api.members.list(orgId));
  return (
    <>
      <PageHeader title="Members" description={`People with access to ${membership.organizationName} and what each may do.`} />
      <MembersManager orgId={orgId} members={members} currentUserId={me.user.id} canManage={roleAtLeast(membership.role, 'ADMIN')} callerRole={membership.role} />
    </>
  );
}
