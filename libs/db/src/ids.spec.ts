import { describe, expect, it } from 'vitest';
import { idTime, newId } from './ids';

describe('newId', () => {
  it('is 26 URL-safe characters and encodes its creation time', () => {
    const id = newId(Date.UTC(2026, 10, 22, 8, 0, 0));
    expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(encodeURIComponent(id)).toBe(id);
    expect(idTime(id).toISOString()).toBe('2026-11-22T08:00:00.000Z');
  });

  it('sorts in creation order, also within one millisecond and when the clock steps back', () => {
    const t = Date.UTC(2030, 0, 1);
    const ids = [newId(t), newId(t), newId(t), newId(t - 5), newId(t + 1), newId(t + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not repeat across many calls', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects strings it did not make', () => {
    expect(() => idTime('not-an-id!')).toThrow(/not an id/);
  });
});
