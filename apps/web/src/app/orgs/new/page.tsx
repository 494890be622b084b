import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthLayout } from '../../../components/AuthLayout';
import { CreateOrgForm } from '../../../components/CreateOrgForm';
import { requireUser } from '../../../lib/server-api';

export const metadata: Metadata = { title: 'New organisation' };

export default async function NewOrgPage() {
  const me = await requireUser('/orgs/new');
  const first = me.memberships[0];
  return (
    <AuthLayout>
      <h1>New organisation</h1>
      <p className="lead">
        {me.memberships.length
          ? `You belong to ${me.memberships.length} organisation${me.memberships.length === 1 ? '' : 's'}. Each has its own projects, members and API keys.`
          : 'You do not belong to an organisation yet. Create one to start, or ask an admin to add you to theirs.'}
      </p>
      <CreateOrgForm />
      {first ? (
        <p className="auth-switch">
          <Link href={`/orgs/${first.organizationId}`}>Back to {first.organizationName}</Link>
        </p>
      ) : null}
    </AuthLayout>
  );
}
