import { describe, expect, it } from 'vitest';
import { hashesEqual, newApiKey, parseApiKey, sha256 } from './tokens';

describe('API keys', () => {
  it('have a lookup prefix and a 256-bit secret, and only the hash is kept', () => {
    const { key, prefix, hash } = newApiKey();
    expect(key).toMatch(/^mrd_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(key)).toEqual({ prefix });
    expect(hash).toBe(sha256(key));
    expect(hash).not.toContain(key.slice(17));
  });

  it('rejects anything not shaped like a key', () => {
    expect(parseApiKey('mrd_short_x')).toBeNull();
    expect(parseApiKey('Bearer mrd_abc')).toBeNull();
    expect(parseApiKey('')).toBeNull();
  });

  it('compares hashes without short-circuiting on length', () => {
    expect(hashesEqual(sha256('a'), sha256('a'))).toBe(true);
    expect(hashesEqual(sha256('a'), sha256('b'))).toBe(false);
    expect(hashesEqual(sha256('a'), 'ab')).toBe(false);
  });
});
