// Session tokens and API keys are 256-bit random secrets, so a fast SHA-256 is the right stored
// form (a slow KDF protects low-entropy passwords, not these).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'meridian_session';
const API_KEY_RE = /^mrd_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiKey(): { key: string; prefix: string; hash: string } {
  // 12 chars of [a-z0-9] for the lookup prefix: readable in a list, unique enough to index.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  let prefix = '';
  for (const b of bytes) prefix += alphabet[b % alphabet.length];
  const key = `mrd_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: sha256(key) };
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = API_KEY_RE.exec(key);
  return m ? { prefix: m[1] } : null;
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
