// Argument parsers for commander: each rejects a bad value with a message that says what to pass.
import { existsSync, statSync } from 'node:fs';
import { BACKEND_NAMES, PRESET_NAMES, type BackendPreference, type PresetName } from '@meridian/training-engine';
import type { NumericScaling } from '@meridian/data-pipeline';
import { usage } from './errors';

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) throw usage(`${flag} must be a positive whole number, got "${value}"`);
    return n;
  };
}

export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw usage(`${flag} must be a whole number >= 0, got "${value}"`);
    return n;
  };
}

export function preset(value: string): PresetName {
  if (!(PRESET_NAMES as readonly string[]).includes(value)) throw usage(`--preset must be one of ${PRESET_NAMES.join(', ')}, got "${value}"`);
  return value as PresetName;
}

export function backend(value: string): BackendPreference {
  if (value !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw usage(`--backend must be auto or one of ${BACKEND_NAMES.join(', ')}, got "${value}"`);
  }
  return value as BackendPreference;
}

export function scaling(value: string): NumericScaling {
  const ok = ['standardize', 'minmax', 'scale255', 'none'];
  if (!ok.includes(value)) throw usage(`--scale must be one of ${ok.join(', ')}, got "${value}"`);
  return value as NumericScaling;
}

/** "8x8x1" -> [8, 8, 1] */
export function shape(value: string): number[] {
  const parts = value.toLowerCase().split(/[x,]/).map((p) => Number(p.trim()));
  if (parts.length < 1 || parts.length > 3 || parts.some((p) => !Number.isInteger(p) || p <= 0)) {
    throw usage(`--reshape takes 1 to 3 positive sizes like 8x8x1, got "${value}"`);
  }
  return parts;
}

/** "0.8,0.1,0.1" */
export function fractions(value: string): [number, number, number] {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0) || Math.abs(parts[0] + parts[1] + parts[2] - 1) > 1e-9 || parts[0] === 0 || parts[2] === 0) {
    throw usage(`--split takes train,validation,test fractions that sum to 1 with train and test above 0 (e.g. 0.8,0.1,0.1), got "${value}"`);
  }
  return parts as [number, number, number];
}

export function inputFile(flag: string, path: string | undefined): string {
  if (!path) throw usage(`${flag} FILE is required`);
  if (!existsSync(path)) throw usage(`${flag} ${path}: no such file`);
  if (!statSync(path).isFile()) throw usage(`${flag} ${path}: not a file`);
  return path;
}
