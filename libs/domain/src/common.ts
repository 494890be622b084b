import { z } from 'zod';

export const ZId = z.string().min(1).max(64);

/** Keyset pagination: stable under inserts, O(page) on an index. */
export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof ZPageQuery>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
