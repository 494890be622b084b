import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthLayout } from '../../components/AuthLayout';
import { LoginForm } from '../../components/LoginForm';
import { currentUser } from '../../lib/server-api';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser().catch(() => null)) redirect('/');
  return (
    <AuthLayout>
      <h1>Sign in</h1>
      <p className="lead">Welcome back. Sign in to your Meridian workspace.</p>
      <LoginForm next={typeof next === 'string' ? next : undefined} />
    </AuthLayout>
  );
}
