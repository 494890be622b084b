import { Injectable, Logger } from '@nestjs/common';
import { roleAtLeast, type ApiKeyView, type CreateApiKeyInput, type CreatedApiKeyView, type Role } from '@meridian/domain';
import { AccessCache } from '../common/access-cache';
import { AppError } from '../common/app-error';
import { actorUserId, type Actor, type OrgAccess, type Principal } from '../common/context';
import { Transactions } from '../common/prisma';
import { AuditService } from '../audit/audit.service';
import { hashesEqual, newApiKey, parseApiKey, sha256 } from '../auth/tokens';
import { ApiKeysRepository } from './api-keys.repository';

/** lastUsedAt is written at most this often per key, so a busy key does not write on every call. */
const TOUCH_EVERY_MS = 60_000;

function view(k: { id: string; name: string; prefix: string; role: Role; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly cache: AccessCache,
  ) {}

  async list(org: OrgAccess): Promise<ApiKeyView[]> {
    return (await this.repo.list(org.organizationId)).map(view);
  }

  async create(actor: Actor, org: OrgAccess, input: CreateApiKeyInput): Promise<CreatedApiKeyView> {
    if (!roleAtLeast(org.role, input.role)) throw AppError.forbidden(`A ${org.role} cannot create a key with the ${input.role} role`);
    const { key, prefix, hash } = newApiKey();
    const row = await this.tx.run(async (tx) => {
      const created = await this.repo.create(
        { organizationId: org.organizationId, name: input.name, prefix, keyHash: hash, role: input.role, createdById: actorUserId(org.principal) },
        tx,
      );
      await this.audit.record(
        actor,
        { action: 'apikey.create', organizationIds: [org.organizationId], targetType: 'apiKey', targetId: created.id, metadata: { name: input.name, role: input.role, prefix } },
        tx,
      );
      return created;
    });
    return { ...view(row), key };
  }

  async revoke(actor: Actor, org: OrgAccess, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const k = await this.repo.find(org.organizationId, id, tx);
      if (!k) throw AppError.notFound('API key');
      if (k.revokedAt) return;
      if (!roleAtLeast(org.role, k.role)) throw AppError.forbidden(`A ${org.role} cannot revoke a ${k.role} key`);
      await this.repo.revoke(k.id, tx);
      await this.audit.record(actor, { action: 'apikey.revoke', organizationIds: [org.organizationId], targetType: 'apiKey', targetId: k.id, metadata: { name: k.name } }, tx);
    });
    this.cache.invalidate();
  }

  /** The principal for a presented key, or null for anything unknown, malformed or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const hash = sha256(key);
    const cached = this.cache.principals.get(`k:${hash}`);
    if (cached) {
      this.touch(cached.kind === 'apiKey' ? cached.apiKeyId : '');
      return cached;
    }
    const row = await this.repo.findByPrefix(parsed.prefix);
    if (!row || row.revokedAt || !hashesEqual(row.keyHash, hash)) return null;
    const principal: Principal = { kind: 'apiKey', apiKeyId: row.id, organizationId: row.organizationId, role: row.role, createdById: row.createdById };
    this.cache.principals.set(`k:${hash}`, principal);
    this.touch(row.id, row.lastUsedAt?.getTime() ?? 0);
    return principal;
  }

  private touch(id: string, lastUsed?: number): void {
    if (!id) return;
    const now = Date.now();
    const last = this.touched.get(id) ?? lastUsed ?? 0;
    if (now - last < TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    if (this.touched.size > 10_000) this.touched.clear();
    // Fire and forget: a missed lastUsedAt write must not fail the request.
    this.repo.touch(id, new Date(now)).catch((e: unknown) => this.logger.warn({ err: e, apiKeyId: id }, 'could not record API key use'));
  }
}
