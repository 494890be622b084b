import { Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient } from '@meridian/db';
import { InjectPrisma } from './tokens';

/** A client or the client of an open transaction: data-access methods accept either. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Runs a unit of work in one transaction, so a failed request leaves no partial rows. */
@Injectable()
export class Transactions {
  constructor(@InjectPrisma() private readonly prisma: PrismaClient) {}
  run<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
  }
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}

/** Keyset cursor over (createdAt desc, id desc). */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}
export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const sep = raw.indexOf('|');
  if (sep < 0) return null;
  const createdAt = new Date(raw.slice(0, sep));
  const id = raw.slice(sep + 1);
  if (Number.isNaN(createdAt.getTime()) || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  return { createdAt, id };
}
/** The where-clause for "strictly after the cursor" in (createdAt desc, id desc) order. */
export function afterCursor(c: { createdAt: Date; id: string }) {
  return { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] };
}
