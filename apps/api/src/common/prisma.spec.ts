import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './prisma';

describe('keyset cursors', () => {
  it('round-trip (createdAt, id)', () => {
    const at = new Date('2026-11-22T08:00:00.123Z');
    expect(decodeCursor(encodeCursor(at, '01jabc'))).toEqual({ createdAt: at, id: '01jabc' });
  });

  it('reject tampered or foreign cursors', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('2026-11-22T08:00:00Z|x; DROP TABLE').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('yesterday|abc').toString('base64url'))).toBeNull();
  });
});
