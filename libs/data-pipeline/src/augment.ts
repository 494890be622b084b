// Seeded image augmentation for [n, height, width, channels] float images. Each image gets its own
// random rotation, flips, shift and zoom, applied as one inverse affine map with bilinear sampling
// (pixels from outside the image are `fill`), then optional Gaussian noise.
import { DataError } from './errors';
import { createRng, normal } from './rng';

export interface AugmentOptions {
  /** Maximum rotation in degrees, either way. */
  rotate?: number;
  flipHorizontal?: boolean;
  flipVertical?: boolean;
  /** Maximum shift as a fraction of width/height, either way. */
  shift?: number;
  /** Maximum zoom as a fraction: 0.1 samples a scale in [0.9, 1.1]. */
  zoom?: number;
  /** Standard deviation of added Gaussian noise. */
  noise?: number;
  /** Value for pixels mapped from outside the image (default 0). */
  fill?: number;
  /** Clamp results into [min, max] (e.g. [0, 1]); no clamping by default. */
  clamp?: [number, number];
  seed?: number;
}

export function augmentImages(x: Float32Array, shape: number[], options: AugmentOptions = {}): Float32Array {
  if (shape.length !== 4) throw new DataError('INVALID_ARGUMENT', `augmentImages expects shape [n, height, width, channels], got [${shape.join(', ')}]`);
  const [n, h, w, ch] = shape;
  if (n * h * w * ch !== x.length) throw new DataError('INVALID_ARGUMENT', `shape [${shape.join(', ')}] needs ${n * h * w * ch} values, got ${x.length}`);
  const rng = createRng(options.seed ?? 42);
  const fill = options.fill ?? 0;
  const out = new Float32Array(x.length);
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const per = h * w * ch;
  for (let img = 0; img < n; img++) {
    const angle = (((rng() * 2 - 1) * (options.rotate ?? 0)) * Math.PI) / 180;
    const fh = options.flipHorizontal && rng() < 0.5 ? -1 : 1;
    const fv = options.flipVertical && rng() < 0.5 ? -1 : 1;
    const dx = (rng() * 2 - 1) * (options.shift ?? 0) * w;
    const dy = (rng() * 2 - 1) * (options.shift ?? 0) * h;
    const scale = 1 + (rng() * 2 - 1) * (options.zoom ?? 0);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const base = img * per;
    for (let oy = 0; oy < h; oy++) {
      for (let ox = 0; ox < w; ox++) {
        // Output pixel -> source pixel: undo shift, zoom, rotation, flips (about the centre).
        const px = (ox - cx - dx) / scale;
        const py = (oy - cy - dy) / scale;
        const sx = (cos * px + sin * py) * fh + cx;
        const sy = (-sin * px + cos * py) * fv + cy;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const ax = sx - x0;
        const ay = sy - y0;
        for (let c = 0; c < ch; c++) {
          const at = (yy: number, xx: number) => (yy < 0 || yy >= h || xx < 0 || xx >= w ? fill : x[base + (yy * w + xx) * ch + c]);
          const v = (1 - ay) * ((1 - ax) * at(y0, x0) + ax * at(y0, x0 + 1)) + ay * ((1 - ax) * at(y0 + 1, x0) + ax * at(y0 + 1, x0 + 1));
          out[base + (oy * w + ox) * ch + c] = v;
        }
      }
    }
  }
  if (options.noise) for (let i = 0; i < out.length; i++) out[i] += options.noise * normal(rng);
  if (options.clamp) {
    const [lo, hi] = options.clamp;
    for (let i = 0; i < out.length; i++) out[i] = Math.min(hi, Math.max(lo, out[i]));
  }
  return out;
}
