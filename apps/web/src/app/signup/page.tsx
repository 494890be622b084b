import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthLayout } from '../../components/AuthLayout';
import { SignUpForm } from '../../components/SignUpForm';
import { currentUser } from '../../lib/server-api';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await currentUser().catch(() => null)) redirect('/');
  return (
    <AuthLayout>
      <h1>Create your account</h1>
      <p className="lead">Set up a workspace for your company in under a minute.</p>
      <SignUpForm />
    </AuthLayout>
  );
}
