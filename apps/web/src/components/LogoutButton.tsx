'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { browserApi } from '../lib/browser-api';

export function LogoutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function logout() {
    setBusy(true);
    setError(null);
    try {
      await browserApi.auth.logout();
      router.replace('/login');
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not sign out');
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={logout} disabled={busy}>
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
