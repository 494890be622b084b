import { describe, expect, it } from 'vitest';
import { augmentImages } from './augment';

// One 3x3 grey image with a single bright pixel at row 0, column 0.
const img = Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0]);
const shape = [1, 3, 3, 1];

describe('augmentImages', () => {
  it('is the identity with no augmentation asked for', () => {
    expect(augmentImages(img, shape)).toEqual(img);
  });

  it('repeats with the same seed and differs with another', () => {
    const many = new Float32Array(9 * 20).map((_, i) => (i * 37) % 11);
    const opts = { rotate: 20, shift: 0.2, zoom: 0.2, noise: 0.05 };
    const a = augmentImages(many, [20, 3, 3, 1], { ...opts, seed: 1 });
    expect(augmentImages(many, [20, 3, 3, 1], { ...opts, seed: 1 })).toEqual(a);
    expect(augmentImages(many, [20, 3, 3, 1], { ...opts, seed: 2 })).not.toEqual(a);
  });

  it('rotates and zooms about the centre, and flips', () => {
    const centre = Float32Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    for (let seed = 0; seed < 5; seed++) {
      const r = augmentImages(centre, shape, { rotate: 45, zoom: 0.2, seed });
      expect(r[4]).toBeCloseTo(1, 6);
    }
    const corner = augmentImages(img, shape, { rotate: 45, seed: 1 });
    expect(corner[0]).toBeLessThan(1);
    let flipped = false;
    for (let seed = 0; seed < 10 && !flipped; seed++) {
      const f = augmentImages(img, shape, { flipHorizontal: true, seed });
      if (f[2] === 1) {
        flipped = true;
        expect(Array.from(f)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0]);
      } else expect(f).toEqual(img);
    }
    expect(flipped).toBe(true);
  });

  it('keeps values in range when clamped and rejects a wrong shape', () => {
    const n = augmentImages(img, shape, { noise: 1, clamp: [0, 1], seed: 3 });
    expect(n.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(() => augmentImages(img, [1, 3, 3])).toThrow('expects shape');
  });
});
