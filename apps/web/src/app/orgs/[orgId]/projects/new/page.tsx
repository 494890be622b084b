import type { Metadata } from 'next';
import { roleAtLeast } from '@meridian/domain';
import { ProjectForm } from '../../../../../components/ProjectForm';
import { PageHeader } from '../../../../../components/ui';
import { requireMembership } from '../../../../../lib/server-api';

export const metadata: Metadata = { title: 'New project' };

export default async function NewProjectPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  return (
    <>
      <PageHeader title="New project" crumbs={[{ href: `/orgs/${orgId}/projects`, label: 'Projects' }]} />
      {roleAtLeast(membership.role, 'MEMBER') ? (
        <ProjectForm orgId={orgId} />
      ) : (
        <div className="alert alert-warning">Your role in {membership.organizationName} is viewer: you can read projects but not create them.</div>
      )}
    </>
  );
}
