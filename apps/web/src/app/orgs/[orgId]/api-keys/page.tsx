import type { Metadata } from 'next';
import { roleAtLeast } from '@meridian/domain';
import { ApiKeysManager } from '../../../../components/ApiKeysManager';
import { PageHeader } from '../../../../components/ui';
import { load, requireMembership } from '../../../../lib/server-api';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const { membership } = await requireMembership(orgId);
  const canManage = roleAtLeast(membership.role, 'ADMIN');
  const keys = await load((api) => api.apiKeys.list(orgId));
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let the SDK, the CLI and automation call the API as this organisation. Send one as <code>Authorization: Bearer &lt;key&gt;</code>.
          </>
        }
      />
      <ApiKeysManager orgId={orgId} keys={keys} canManage={canManage} callerRole={membership.role} />
    </>
  );
}
