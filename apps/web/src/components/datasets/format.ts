import type { DatasetProfileStatus } from '@meridian/domain';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-GB');
  return Number(v.toPrecision(digits)).toLocaleString('en-GB', { maximumSignificantDigits: digits });
}

export const STATUS_BADGE: Record<DatasetProfileStatus, string> = {
  PENDING: 'badge',
  RUNNING: 'badge badge-warning',
  READY: 'badge badge-success',
  FAILED: 'badge badge-danger',
};

export const STATUS_LABEL: Record<DatasetProfileStatus, string> = {
  PENDING: 'Profiling queued',
  RUNNING: 'Profiling…',
  READY: 'Profiled',
  FAILED: 'Profile failed',
};
