import { redirect } from 'next/navigation';
import { currentUser } from '../lib/server-api';

export default async function Home() {
  const me = await currentUser();
  if (!me) redirect('/login');
  const first = me.memberships[0];
  redirect(first ? `/orgs/${first.organizationId}` : '/orgs/new');
}
