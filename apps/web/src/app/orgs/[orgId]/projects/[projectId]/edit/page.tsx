import type { Metadata } from 'next';
import { roleAtLeast } from '@meridian/domain';
import { ProjectForm } from '../../../../../../components/ProjectForm';
import { PageHeader } from '../../../../../../components/ui';
import { load, requireMembership } from '../../../../../../lib/server-api';

export const metadata: Metadata = { title: 'Edit project' };

export default async function EditProjectPage({ params }: { params: Promise<{ orgId: string; projectId: string }> }) {
  const { orgId, projectId } = await params;
  const { membership } = await requireMembership(orgId);
  const project = await load((api) => api.projects.get(orgId, projectId));
  return (
    <>
      <PageHeader
        title={`Edit ${project.name}`}
        crumbs={[
          { href: `/orgs/${orgId}/projects`, label: 'Projects' },
          { href: `/orgs/${orgId}/projects/${projectId}`, label: project.name },
        ]}
      />
      {roleAtLeast(membership.role, 'MEMBER') ? (
        <ProjectForm orgId={orgId} project={project} canOverride={roleAtLeast(membership.role, 'ADMIN')} />
      ) : (
        <div className="alert alert-warning">Your role is viewer: you can read this project but not change it.</div>
      )}
    </>
  );
}
