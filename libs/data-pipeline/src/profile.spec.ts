import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZDatasetProfile } from '@meridian/domain';
import { profileCsv, profileTable, sensitiveByName } from './profile';
import { readCsvTable } from './table';
import { HyperLogLog, Reservoir, hashNumber, quantileSorted } from './sketches';
import { createRng } from './rng';

const datasets = resolve(__dirname, '../../../datasets');
const buf = (s: string) => Buffer.from(s, 'utf8');

describe('profileCsv', () => {
  it('computes counts, missing, moments, quantiles and top values exactly on small data', async () => {
    const p = await profileCsv(buf('x,c\n1,a\n2,b\n3,a\n4,\n,a\n'));
    const x = p.columns[0];
    expect(x).toMatchObject({ kind: 'numeric', count: 5, missing: 1, distinct: 4, distinctExact: true, min: 1, max: 4, mean: 2.5, quantilesExact: true });
    expect(x.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(x.quantiles!.p50).toBe(2.5);
    expect(x.quantiles!.p25).toBe(1.75);
    expect(x.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(4);
    const c = p.columns[1];
    expect(c).toMatchObject({ kind: 'categorical', missing: 1, distinct: 2 });
    expect(c.topValues[0]).toEqual({ value: 'a', count: 3 });
    expect(ZDatasetProfile.safeParse(p).success).toBe(true);
  });

  it('counts duplicate rows and reports class balance for the label', async () => {
    const p = await profileCsv(buf('a,y\n1,0\n1,0\n2,1\n1,0\n3,1\n4,1\n'), { label: 'y' });
    expect(p.duplicateRows).toBe(2);
    expect(p.classBalance).toEqual({
      column: 'y',
      classes: [
        { value: '0', count: 3, share: 0.5 },
        { value: '1', count: 3, share: 0.5 },
      ],
      imbalanceRatio: 1,
    });
  });

  it('flags sensitive columns by name and by values', async () => {
    const text = 'Gender,ageYears,contact,tel_no,mean_radius,average,page\nF,30,ann@example.com,+44 20 7946 0958,1,2,3\nM,41,bob@example.org,(555) 123-4567,2,3,4\n';
    const p = await profileCsv(buf(text));
    expect(p.sensitiveColumns).toEqual(['Gender', 'ageYears', 'contact', 'tel_no']);
    expect(p.columns[2].sensitive).toMatchObject({ category: 'email', reason: 'values:email' });
    expect(p.columns[3].sensitive!.category).toBe('phone');
    expect(sensitiveByName('ethnicity')!.category).toContain('ethnicity');
    expect(sensitiveByName('image')).toBeNull();
    expect(sensitiveByName('first_name')!.category).toBe('personal name');
  });

  it('matches the in-memory profile of the same data', async () => {
    const file = resolve(datasets, 'breast-cancer-wisconsin.csv');
    const a = await profileCsv(file, { label: 'target' });
    const b = profileTable(await readCsvTable(file), { label: 'target', format: 'csv' });
    expect(b.columns).toEqual(a.columns);
    expect(b.duplicateRows).toBe(a.duplicateRows);
    expect(b.classBalance).toEqual(a.classBalance);
  });

  it('profiles the real breast-cancer data like scikit-learn describes it', async () => {
    const p = await profileCsv(resolve(datasets, 'breast-cancer-wisconsin.csv'), { label: 'target' });
    expect(p.rows).toBe(569);
    expect(p.columns).toHaveLength(31);
    expect(p.duplicateRows).toBe(0);
    const r = p.columns.find((c) => c.name === 'mean_radius')!;
    expect(r.mean).toBeCloseTo(14.127292, 5);
    expect(r.std).toBeCloseTo(3.524049, 5);
    expect(r.min).toBe(6.981);
    expect(r.max).toBe(28.11);
    expect(r.quantiles!.p50).toBe(13.37);
    expect(p.classBalance!.classes).toEqual([
      { value: '1', count: 357, share: 357 / 569 },
      { value: '0', count: 212, share: 212 / 569 },
    ]);
    expect(p.sensitiveColumns).toEqual([]);
    expect(p.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('profiles the real digits data: 10 balanced classes, constant pixels', async () => {
    const p = await profileCsv(resolve(datasets, 'digits-8x8.csv'), { label: 'label' });
    expect(p.rows).toBe(1797);
    expect(p.columns).toHaveLength(65);
    expect(p.classBalance!.classes).toHaveLength(10);
    expect(p.classBalance!.imbalanceRatio).toBeCloseTo(183 / 174, 10);
    const px0 = p.columns[0];
    expect(px0).toMatchObject({ min: 0, max: 0, distinct: 1, std: 0 });
    expect(p.columns[10].max).toBe(16);
  });
});

describe('streaming across chunk boundaries', () => {
  it('gives the same profile for any chunk size on a generated file with quotes and missing values', async () => {
    const rng = createRng(9);
    const lines = ['id,x,city,note'];
    for (let i = 0; i < 20_000; i++) {
      const x = rng() < 0.05 ? '' : (rng() * 100 - 50).toFixed(3);
      const city = ['Paris', 'Lyon', '"Saint-Denis, Réunion"', 'Nice'][Math.floor(rng() * 4)];
      const note = rng() < 0.01 ? '"line one\nline ""two"""' : 'ok';
      lines.push(`${i % 5000},${x},${city},${note}`);
    }
    const bytes = Buffer.from(lines.join('\r\n'));
    const base = await profileCsv(bytes);
    expect(base.rows).toBe(20_000);
    expect(base.duplicateRows).toBeGreaterThan(0);
    for (const chunkSize of [97, 4096, 65_537]) {
      const p = await profileCsv(bytes, { chunkSize });
      expect(p).toEqual(base);
    }
    const city = base.columns[2];
    expect(city.kind).toBe('categorical');
    expect(city.topValues.map((t) => t.value).sort()).toEqual(['Lyon', 'Nice', 'Paris', 'Saint-Denis, Réunion']);
    expect(base.columns[1].missing).toBeGreaterThan(800);
    expect(base.columns[3].topValues.find((t) => t.value !== 'ok')!.value).toBe('line one\nline "two"');
  });
});

describe('sketches', () => {
  it('reservoir quantiles stay within the documented rank error on 200k values', () => {
    const rng = createRng(3);
    const r = new Reservoir(65_536, 11);
    const all = new Float64Array(200_000);
    for (let i = 0; i < all.length; i++) {
      all[i] = -Math.log(1 - rng());
      r.add(all[i]);
    }
    all.sort();
    const s = r.sorted();
    expect(r.exact).toBe(false);
    for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) {
      const est = quantileSorted(s, q);
      // rank of the estimate in the full data
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (all[mid] < est) lo = mid + 1;
        else hi = mid;
      }
      expect(Math.abs(lo / all.length - q)).toBeLessThan(0.0064);
    }
  });

  it('HyperLogLog estimates distinct counts within 3 %', () => {
    for (const n of [1000, 50_000, 300_000]) {
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.addHash(hashNumber(i * 0.5));
      for (let i = 0; i < n; i += 3) h.addHash(hashNumber(i * 0.5));
      expect(Math.abs(h.estimate() / n - 1)).toBeLessThan(0.03);
    }
  });

  it('reports approximate statistics when the data exceed the sample', async () => {
    const lines = ['v'];
    for (let i = 0; i < 5000; i++) lines.push(String(i));
    const p = await profileCsv(buf(lines.join('\n')), { sampleSize: 1000 });
    const v = p.columns[0];
    expect(v.quantilesExact).toBe(false);
    expect(v.histogram!.exact).toBe(false);
    expect(v.distinctExact).toBe(false);
    expect(Math.abs(v.distinct - 5000)).toBeLessThan(150);
    expect(v.mean).toBe(2499.5);
    expect(Math.abs(v.quantiles!.p50 - 2499.5)).toBeLessThan(250);
    expect(v.histogram!.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(4900);
  });
});
