import { Injectable } from '@nestjs/common';
import type { Prisma } from '@meridian/db';
import { roleAtLeast, type MemberView, type MembershipView, type Role } from '@meridian/domain';
import { AccessCache } from '../common/access-cache';
import { AppError } from '../common/app-error';
import type { Actor, OrgAccess, Principal } from '../common/context';
import { Transactions, isUniqueViolation } from '../common/prisma';
import { AuditService } from '../audit/audit.service';
import { OrgsRepository } from './orgs.repository';

export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return s || 'org';
}

/** The first of `base`, `base-2`, `base-3`… that is not taken. */
export function freeSlug(base: string, taken: string[]): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}-${i}`)) return `${base}-${i}`;
}

function memberView(m: { userId: string; role: Role; createdAt: Date; user: { name: string; email: string } }): MemberView {
  return { userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, createdAt: m.createdAt.toISOString() };
}

@Injectable()
export class OrgsService {
  constructor(
    private readonly repo: OrgsRepository,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly cache: AccessCache,
  ) {}

  /** Creates the organisation with `ownerId` as OWNER; call inside the caller's transaction. */
  async createWithOwner(actor: Actor, ownerId: string, name: string, tx: Prisma.TransactionClient) {
    const base = slugify(name);
    const slug = freeSlug(base, await this.repo.slugsLike(base, tx));
    const org = await this.repo.createWithOwner({ name, slug, ownerId }, tx);
    await this.audit.record(actor, { action: 'org.create', organizationIds: [org.id], targetType: 'organization', targetId: org.id, userId: ownerId }, tx);
    return org;
  }

  async create(actor: Actor, principal: Principal, name: string): Promise<MembershipView> {
    if (principal.kind !== 'user') throw AppError.forbidden('API keys belong to one organisation and cannot create organisations');
    // Two creations racing for the same slug: the loser retries with the next free one.
    for (let attempt = 0; ; attempt++) {
      try {
        const org = await this.tx.run((tx) => this.createWithOwner(actor, principal.userId, name, tx));
        this.cache.invalidate();
        return { organizationId: org.id, organizationName: org.name, organizationSlug: org.slug, role: 'OWNER' };
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
      }
    }
  }

  organization(id: string) {
    return this.repo.find(id);
  }

  async membershipsOf(userId: string): Promise<MembershipView[]> {
    const rows = await this.repo.membershipsOf(userId);
    return rows.map((m) => ({
      organizationId: m.organization.id,
      organizationName: m.organization.name,
      organizationSlug: m.organization.slug,
      role: m.role,
    }));
  }

  /** The caller's role in the organisation, or null when they are not in it (answered as 404). */
  async access(principal: Principal, organizationId: string): Promise<OrgAccess | null> {
    if (principal.kind === 'apiKey') {
      return principal.organizationId === organizationId ? { organizationId, role: principal.role, principal } : null;
    }
    const key = `${principal.userId}:${organizationId}`;
    let role = this.cache.roles.get(key);
    if (role === undefined) {
      role = await this.repo.roleOf(principal.userId, organizationId);
      this.cache.roles.set(key, role);
    }
    return role ? { organizationId, role, principal } : null;
  }

  async members(org: OrgAccess): Promise<MemberView[]> {
    return (await this.repo.members(org.organizationId)).map(memberView);
  }

  async addMember(actor: Actor, org: OrgAccess, input: { email: string; role: Role }): Promise<MemberView> {
    assertMayGrant(org.role, input.role);
    const user = await this.repo.userByEmail(input.email);
    if (!user) {
      throw new AppError('NOT_FOUND', `No Meridian account uses ${input.email}; ask them to sign up first, then add them`);
    }
    try {
      const m = await this.tx.run(async (tx) => {
        const added = await this.repo.addMember(org.organizationId, user.id, input.role, tx);
        await this.audit.record(
          actor,
          { action: 'member.add', organizationIds: [org.organizationId], targetType: 'user', targetId: user.id, metadata: { role: input.role } },
          tx,
        );
        return added;
      });
      this.cache.invalidate();
      return memberView(m);
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict(`${input.email} is already a member of this organisation`);
      throw e;
    }
  }

  async updateMember(actor: Actor, org: OrgAccess, userId: string, role: Role): Promise<MemberView> {
    const m = await this.tx.run(async (tx) => {
      const owners = await this.repo.lockOwners(org.organizationId, tx);
      const current = await this.repo.member(org.organizationId, userId, tx);
      if (!current) throw AppError.notFound('member');
      assertMayManage(org.role, current.role);
      assertMayGrant(org.role, role);
      if (current.role === 'OWNER' && role !== 'OWNER' && owners.length <= 1) {
        throw AppError.conflict('This is the last owner: make someone else an owner first');
      }
      const updated = await this.repo.setRole(org.organizationId, userId, role, tx);
      await this.audit.record(
        actor,
        { action: 'member.role_change', organizationIds: [org.organizationId], targetType: 'user', targetId: userId, metadata: { from: current.role, to: role } },
        tx,
      );
      return updated;
    });
    this.cache.invalidate();
    return memberView(m);
  }

  async removeMember(actor: Actor, org: OrgAccess, userId: string): Promise<void> {
    const self = org.principal.kind === 'user' && org.principal.userId === userId;
    await this.tx.run(async (tx) => {
      const owners = await this.repo.lockOwners(org.organizationId, tx);
      const current = await this.repo.member(org.organizationId, userId, tx);
      if (!current) throw AppError.notFound('member');
      // Anyone may leave; removing someone else needs ADMIN and a role at least theirs.
      if (!self) {
        if (!roleAtLeast(org.role, 'ADMIN')) throw AppError.forbidden('Removing members needs the ADMIN role');
        assertMayManage(org.role, current.role);
      }
      if (current.role === 'OWNER' && owners.length <= 1) {
        throw AppError.conflict('This is the last owner: make someone else an owner first');
      }
      await this.repo.removeMember(org.organizationId, userId, tx);
      await this.audit.record(
        actor,
        { action: 'member.remove', organizationIds: [org.organizationId], targetType: 'user', targetId: userId, metadata: { role: current.role } },
        tx,
      );
    });
    this.cache.invalidate();
  }
}

/** Nobody grants a role above their own; only an OWNER makes owners. */
function assertMayGrant(mine: Role, granted: Role): void {
  if (!roleAtLeast(mine, granted)) throw AppError.forbidden(`A ${mine} cannot grant the ${granted} role`);
}
/** An ADMIN cannot change or remove an OWNER. */
function assertMayManage(mine: Role, theirs: Role): void {
  if (!roleAtLeast(mine, theirs)) throw AppError.forbidden(`A ${mine} cannot change a ${theirs}`);
}
