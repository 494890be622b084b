// Ids made by the application, not the database: sortable by creation time (so keyset pagination on
// id follows insertion order), URL-safe, 26 characters. ULID layout (48-bit ms time + 80 random
// bits, Crockford base32, lower case), monotonic within one millisecond in this process.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

function incrementRandom(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] === 0xff) {
      next[i] = 0;
      continue;
    }
    next[i]++;
    return next;
  }
  // 2^80 ids in one millisecond cannot happen; fresh randomness keeps uniqueness regardless.
  return new Uint8Array(randomBytes(10));
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits = 16 base32 digits, read 5 bits at a time from the big-endian byte string.
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

export function newId(now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = incrementRandom(lastRandom);
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = new Uint8Array(randomBytes(10));
  }
  return encodeTime(now) + encodeRandom(lastRandom);
}

/** The creation time encoded in an id made by newId. */
export function idTime(id: string): Date {
  let ms = 0;
  for (const ch of id.slice(0, 10)) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`"${id}" is not an id made by newId`);
    ms = ms * 32 + v;
  }
  return new Date(ms);
}
