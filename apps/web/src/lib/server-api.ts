import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { ApiError, createClient, type MeridianClient } from '@meridian/sdk';
import type { MeView, MembershipView } from '@meridian/domain';
import { webConfig } from './config';

// Server components talk to the API directly (no extra hop through the proxy), forwarding the
// browser's cookie so every call runs as the signed-in user.
export const serverApi = cache(async (): Promise<MeridianClient> => {
  const h = await headers();
  const forwarded: Record<string, string> = {};
  const cookie = h.get('cookie');
  if (cookie) forwarded.cookie = cookie;
  const ua = h.get('user-agent');
  if (ua) forwarded['user-agent'] = ua;
  return createClient({ baseUrl: webConfig().apiUrl, headers: forwarded });
});

/** The signed-in user, or null when the session is missing or expired. Other failures propagate. */
export const currentUser = cache(async (): Promise<MeView | null> => {
  try {
    return await (await serverApi()).me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
});

export async function requireUser(next?: string): Promise<MeView> {
  const me = await currentUser();
  if (!me) redirect(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  return me;
}

/** The caller's membership of orgId; another organisation answers 404, like the API does. */
export async function requireMembership(orgId: string): Promise<{ me: MeView; membership: MembershipView }> {
  const me = await requireUser(`/orgs/${orgId}`);
  const membership = me.memberships.find((m) => m.organizationId === orgId);
  if (!membership) notFound();
  return { me, membership };
}

/** Runs an API call for a page: 401 sends to login, 404 renders the not-found page, the rest propagates to error.tsx. */
export async function load<T>(fn: (api: MeridianClient) => Promise<T>): Promise<T> {
  try {
    return await fn(await serverApi());
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) redirect('/login');
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
}
