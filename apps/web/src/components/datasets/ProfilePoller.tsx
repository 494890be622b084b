'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { DatasetProfileStatus } from '@meridian/domain';
import { browserApi } from '../../lib/browser-api';
import { STATUS_BADGE, STATUS_LABEL } from './format';

/** Shows the live profiling status and re-renders the page (server data) once it is READY or FAILED. */
export function ProfilePoller({ orgId, datasetId, versionId, initial }: { orgId: string; datasetId: string; versionId: string; initial: DatasetProfileStatus }) {
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (status === 'READY' || status === 'FAILED') return;
    let stopped = false;
    const started = Date.now();
    const tick = async () => {
      if (stopped) return;
      try {
        const v = await browserApi.datasets.version(orgId, datasetId, versionId);
        if (stopped) return;
        setStatus(v.profileStatus);
        setSeconds(Math.round((Date.now() - started) / 1000));
        if (v.profileStatus === 'READY' || v.profileStatus === 'FAILED') {
          router.refresh();
          return;
        }
      } catch {
        // A failed poll is retried on the next tick; the page keeps what it shows.
      }
      setTimeout(() => void tick(), 1000);
    };
    const t = setTimeout(() => void tick(), 700);
    return () => {
      stopped = true;
      clearTimeout(t);
    };
  }, [orgId, datasetId, versionId, status, router]);
  return (
    <span className={STATUS_BADGE[status]} data-testid="profile-status" aria-live="polite">
      {STATUS_LABEL[status]}
      {status === 'PENDING' || status === 'RUNNING' ? ` (${seconds} s)` : ''}
    </span>
  );
}
