'use client';
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/** While the audit runs, refresh the server-rendered page every second and a half. */
export function AuditLive({ running }: { running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(t);
  }, [running, router]);
  return null;
}
