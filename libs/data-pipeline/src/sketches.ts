// Fixed-memory summaries for streaming profiles. Each says how exact it is:
// - Reservoir: a uniform sample (Vitter's Algorithm L) of up to `capacity` values. Exact below the
//   capacity. Above it, a sample quantile's rank error has standard deviation sqrt(q(1-q)/m)
//   <= 0.5/sqrt(m): with m = 65,536 that is <= 0.2 % of the rows (<= 0.64 % at three sigma).
// - HyperLogLog with 2^14 registers: distinct counts with about 0.81 % standard error.
// - RowHashSet: duplicate rows by 64-bit hash; at 10^6 rows a false duplicate has probability
//   below 3e-8.
import { createRng, type Rng } from './rng';
import { fmix32 } from './csv';

export class Reservoir {
  readonly sample: Float64Array;
  seen = 0;
  private w = 0;
  private next = 0;
  private readonly rng: Rng;

  constructor(
    readonly capacity = 65_536,
    seed = 1,
  ) {
    this.sample = new Float64Array(capacity);
    this.rng = createRng(seed);
  }

  add(v: number): void {
    const k = this.capacity;
    const seen = this.seen++;
    if (seen < k) {
      this.sample[seen] = v;
      if (seen === k - 1) {
        this.w = Math.exp(Math.log(this.rng()) / k);
        this.next = k + Math.floor(Math.log(this.rng()) / Math.log(1 - this.w));
      }
      return;
    }
    if (seen === this.next) {
      this.sample[Math.floor(this.rng() * k)] = v;
      this.w *= Math.exp(Math.log(this.rng()) / k);
      this.next += Math.floor(Math.log(this.rng()) / Math.log(1 - this.w)) + 1;
    }
  }

  get exact(): boolean {
    return this.seen <= this.capacity;
  }

  /** The kept values, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.sample.slice(0, Math.min(this.seen, this.capacity)).sort();
  }
}

/** Linear interpolation between closest ranks (numpy's default, R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

export function hashNumber(v: number): number {
  f64[0] = v === 0 ? 0 : v;
  return fmix32(Math.imul(u32[0], 0xcc9e2d51) ^ fmix32(u32[1] + 0x9e3779b9));
}

export function hashString(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

export class HyperLogLog {
  private readonly p = 14;
  private readonly m = 1 << 14;
  private readonly registers = new Uint8Array(1 << 14);

  addHash(h: number): void {
    const idx = h >>> (32 - this.p);
    const rest = (h << this.p) | (1 << (this.p - 1));
    const rank = Math.clz32(rest) + 1;
    if (rank > this.registers[idx]) this.registers[idx] = rank;
  }

  estimate(): number {
    const m = this.m;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      sum += 2 ** -this.registers[i];
      if (this.registers[i] === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const e = (alpha * m * m) / sum;
    if (e <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(e);
  }
}

/** Open-addressing set of 64-bit hashes kept in typed arrays (no per-row objects). */
export class RowHashSet {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private used = new Uint8Array(1 << 16);
  size = 0;

  /** Adds the hash; returns false when it was already present (a duplicate row). */
  add(h0: number, h1: number): boolean {
    if (this.size * 2 >= this.used.length) this.rehash();
    const mask = this.used.length - 1;
    let i = (h0 ^ Math.imul(h1, 0x9e3779b1)) & mask;
    for (;;) {
      if (this.used[i] === 0) {
        this.used[i] = 1;
        this.hi[i] = h0;
        this.lo[i] = h1;
        this.size++;
        return true;
      }
      if (this.hi[i] === h0 && this.lo[i] === h1) return false;
      i = (i + 1) & mask;
    }
  }

  private rehash(): void {
    const { hi, lo, used } = this;
    const n = used.length * 2;
    this.hi = new Uint32Array(n);
    this.lo = new Uint32Array(n);
    this.used = new Uint8Array(n);
    this.size = 0;
    for (let i = 0; i < used.length; i++) if (used[i]) this.add(hi[i], lo[i]);
  }
}
