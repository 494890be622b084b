import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASET_FORMATS, DATASET_PROFILE_STATUSES, DATASET_SOURCES, datasetFormatOf, ZDatasetGovernanceSchema } from './datasets';

function prismaEnum(name: string): string[] {
  const schema = readFileSync(join(__dirname, '../../../prisma/schema.prisma'), 'utf8');
  const block = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema);
  if (!block) throw new Error(`enum ${name} not in schema.prisma`);
  return block[1].split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('dataset enums mirror the Prisma schema', () => {
  it.each([
    ['DatasetFormat', DATASET_FORMATS],
    ['DatasetProfileStatus', DATASET_PROFILE_STATUSES],
    ['DatasetSource', DATASET_SOURCES],
  ])('%s', (name, values) => {
    expect(prismaEnum(name)).toEqual([...values]);
  });
});

describe('dataset contracts', () => {
  it('maps file names to formats', () => {
    expect(datasetFormatOf('digits-8x8.CSV')).toBe('CSV');
    expect(datasetFormatOf('events.ndjson')).toBe('JSONL');
    expect(datasetFormatOf('train-images.idx3-ubyte')).toBe('IDX');
    expect(datasetFormatOf('notes.txt')).toBeNull();
  });

  it('validates governance edits with readable messages', () => {
    expect(ZDatasetGovernanceSchema.safeParse({}).success).toBe(false);
    expect(ZDatasetGovernanceSchema.parse({ source: 'PARTNER', retentionDays: 365 })).toEqual({ source: 'PARTNER', retentionDays: 365 });
    const bad = ZDatasetGovernanceSchema.safeParse({ source: 'STOLEN', retentionUntil: 'next year' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['source', 'retentionUntil']);
  });
});
