import { describe, expect, it } from 'vitest';
import { freeSlug, slugify } from './orgs.service';

describe('organisation slugs', () => {
  it('are lower-case ASCII words joined by dashes', () => {
    expect(slugify('Northwind AI')).toBe('northwind-ai');
    expect(slugify('  Café Δelta — Labs!! ')).toBe('cafe-elta-labs');
    expect(slugify('!!!')).toBe('org');
    expect(slugify('x'.repeat(100)).length).toBeLessThanOrEqual(48);
  });

  it('take the first free suffix', () => {
    expect(freeSlug('acme', [])).toBe('acme');
    expect(freeSlug('acme', ['acme', 'acme-2', 'acme-inc'])).toBe('acme-3');
  });
});
