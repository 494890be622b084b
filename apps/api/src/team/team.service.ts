import { Injectable } from '@nestjs/common';
import {
  BUILTIN_KPIS,
  CANDIDATE_STAGES,
  JOB_ROLE_LABELS,
  JOB_ROLES,
  type CandidateStage,
  type CloseOpenRoleInput,
  type CreateCandidateInput,
  type CreateCustomRoleInput,
  type CreateOpenRoleInput,
  type CreateReviewPeriodInput,
  type CreateTeamMemberInput,
  type HiringView,
  type JobRole,
  type MoveCandidateInput,
  type OpenRoleView,
  type ReviewPeriodView,
  type SetAllocationInput,
  type TeamMemberView,
  type TeamRoleView,
  type UpdateTeamMemberInput,
  type UpsertReviewInput,
  type WorkloadView,
} from '@meridian/domain';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import { Transactions, isUniqueViolation } from '../common/prisma';
import { TeamRepository } from './team.repository';

type MemberRow = NonNullable<Awaited<ReturnType<TeamRepository['member']>>>;

const day = (d: Date) => d.toISOString().slice(0, 10);
const toDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const DAY_MS = 86_400_000;
const round2 = (x: number) => Math.round(x * 100) / 100;
const TERMINAL: ReadonlySet<CandidateStage> = new Set(['HIRED', 'REJECTED']);

/** Total allocation of a member over all projects, and whether it passes 100 %. */
export function workloadOf(allocations: readonly { percent: number }[]): { total: number; over: boolean } {
  const total = allocations.reduce((s, a) => s + a.percent, 0);
  return { total, over: total > 100 };
}

/** Whole days from the role's opening to the hire. */
export function timeToHireDays(openedAt: Date, closedAt: Date): number {
  return Math.round((closedAt.getTime() - openedAt.getTime()) / DAY_MS);
}

@Injectable()
export class TeamService {
  constructor(
    private readonly repo: TeamRepository,
    private readonly tx: Transactions,
  ) {}

  // ---- roles ----
  async roles(org: OrgAccess): Promise<TeamRoleView[]> {
    const custom = await this.repo.customRoles(org.organizationId);
    return [...JOB_ROLES.map((key) => ({ key, label: JOB_ROLE_LABELS[key], custom: false })), ...custom.map((r) => ({ key: r.key, label: r.label, custom: true }))];
  }

  async createRole(org: OrgAccess, input: CreateCustomRoleInput): Promise<TeamRoleView> {
    if ((JOB_ROLES as readonly string[]).includes(input.key)) throw AppError.conflict(`"${input.key}" is a built-in role already; pick another key`);
    try {
      const r = await this.repo.createCustomRole(org.organizationId, input.key, input.label);
      return { key: r.key, label: r.label, custom: true };
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict(`A custom role "${input.key}" already exists in this organisation`);
      throw e;
    }
  }

  private async roleLabels(organizationId: string): Promise<Map<string, string>> {
    const custom = await this.repo.customRoles(organizationId);
    return new Map<string, string>([...JOB_ROLES.map((k): [string, string] => [k, JOB_ROLE_LABELS[k]]), ...custom.map((r): [string, string] => [r.key, r.label])]);
  }

  private async checkRole(organizationId: string, role: string, path = 'role'): Promise<void> {
    const labels = await this.roleLabels(organizationId);
    if (!labels.has(role)) {
      throw AppError.validation([{ path, message: `unknown role "${role}"; use one of ${[...labels.keys()].join(', ')} or add a custom role first (POST /team/roles)` }]);
    }
  }

  // ---- members ----
  private view(m: MemberRow, labels: Map<string, string>): TeamMemberView {
    const w = workloadOf(m.allocations);
    return {
      id: m.id,
      name: m.name,
      email: m.email,
      role: m.role,
      roleLabel: labels.get(m.role) ?? (JOB_ROLE_LABELS[m.role as JobRole] || m.role),
      title: m.title,
      userId: m.userId,
      skills: m.skills.map((s) => ({ name: s.name, level: s.level })),
      allocations: m.allocations.map((a) => ({ projectId: a.projectId, projectName: a.project.name, percent: a.percent })),
      totalAllocationPct: w.total,
      overAllocated: w.over,
      createdAt: m.createdAt.toISOString(),
    };
  }

  async members(org: OrgAccess): Promise<TeamMemberView[]> {
    const [rows, labels] = await Promise.all([this.repo.members(org.organizationId), this.roleLabels(org.organizationId)]);
    return rows.map((m) => this.view(m, labels));
  }

  async member(org: OrgAccess, id: string): Promise<TeamMemberView> {
    const m = await this.repo.member(org.organizationId, id);
    if (!m) throw AppError.notFound('team member');
    return this.view(m, await this.roleLabels(org.organizationId));
  }

  private async checkUser(organizationId: string, userId: string | null | undefined): Promise<void> {
    if (!userId) return;
    if (!(await this.repo.isOrgUser(organizationId, userId))) {
      throw AppError.validation([{ path: 'userId', message: 'this user is not a member of the organisation; add them under Members first, or leave userId empty for someone without a login' }]);
    }
  }

  private static dupSkills(skills: { name: string }[] | undefined): void {
    if (!skills) return;
    const seen = new Set<string>();
    for (const [i, s] of skills.entries()) {
      const k = s.name.toLowerCase();
      if (seen.has(k)) throw AppError.validation([{ path: `skills.${i}.name`, message: `skill "${s.name}" is listed twice` }]);
      seen.add(k);
    }
  }

  async createMember(org: OrgAccess, input: CreateTeamMemberInput): Promise<TeamMemberView> {
    await this.checkRole(org.organizationId, input.role);
    await this.checkUser(org.organizationId, input.userId);
    TeamService.dupSkills(input.skills);
    try {
      const id = await this.tx.run((tx) => this.repo.createMember(org.organizationId, input, tx));
      return this.member(org, id);
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict('This user is already on the team');
      throw e;
    }
  }

  async updateMember(org: OrgAccess, id: string, input: UpdateTeamMemberInput): Promise<TeamMemberView> {
    if (input.role !== undefined) await this.checkRole(org.organizationId, input.role);
    await this.checkUser(org.organizationId, input.userId);
    TeamService.dupSkills(input.skills);
    const { skills, ...fields } = input;
    try {
      const ok = await this.tx.run((tx) => this.repo.updateMember(org.organizationId, id, fields, skills, tx));
      if (!ok) throw AppError.notFound('team member');
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict('This user is already on the team');
      throw e;
    }
    return this.member(org, id);
  }

  async deleteMember(org: OrgAccess, id: string): Promise<void> {
    if (!(await this.repo.deleteMember(org.organizationId, id))) throw AppError.notFound('team member');
  }

  /**
   * Sets one project's share of a member's time (0 removes it). The member row is locked for the
   * check, and a total above the organisation's hard cap is refused with nothing written.
   */
  async setAllocation(org: OrgAccess, memberId: string, input: SetAllocationInput): Promise<TeamMemberView> {
    await this.tx.run(async (tx) => {
      if (!(await this.repo.lockMember(org.organizationId, memberId, tx))) throw AppError.notFound('team member');
      const project = await this.repo.projectInOrg(org.organizationId, input.projectId, tx);
      if (!project) throw AppError.validation([{ path: 'projectId', message: 'no such project in this organisation' }]);
      const cap = await this.repo.allocationCap(org.organizationId, tx);
      const others = (await this.repo.allocationsOf(memberId, tx)).filter((a) => a.projectId !== input.projectId);
      const total = others.reduce((s, a) => s + a.percent, 0) + input.percent;
      if (total > cap) {
        throw AppError.validation(
          [{ path: 'percent', message: `would bring the total allocation to ${total} %, above the organisation's cap of ${cap} %`, expected: `at most ${Math.max(0, cap - (total - input.percent))}` }],
          `Allocation refused: ${input.percent} % on "${project.name}" would bring this person to ${total} % in total, above the hard cap of ${cap} %. Lower it to at most ${Math.max(0, cap - (total - input.percent))} % or free time on another project first.`,
        );
      }
      await this.repo.setAllocation(org.organizationId, memberId, input.projectId, input.percent, tx);
    });
    return this.member(org, memberId);
  }

  async workload(org: OrgAccess): Promise<WorkloadView> {
    const [members, cap] = await Promise.all([this.members(org), this.repo.allocationCap(org.organizationId)]);
    const rows = members
      .map((m) => ({ id: m.id, name: m.name, role: m.roleLabel, totalAllocationPct: m.totalAllocationPct, overAllocated: m.overAllocated, allocations: m.allocations }))
      .sort((a, b) => b.totalAllocationPct - a.totalAllocationPct || a.name.localeCompare(b.name));
    return { allocationCapPct: cap, members: rows, overAllocatedCount: rows.filter((r) => r.overAllocated).length };
  }

  async setSettings(org: OrgAccess, allocationCapPct: number): Promise<WorkloadView> {
    await this.repo.setAllocationCap(org.organizationId, allocationCapPct);
    return this.workload(org);
  }

  // ---- hiring ----
  async hiring(org: OrgAccess): Promise<HiringView> {
    const rows = await this.repo.openRoles(org.organizationId);
    const roles: OpenRoleView[] = rows.map((r) => {
      const stageCounts = Object.fromEntries(CANDIDATE_STAGES.map((s) => [s, 0])) as Record<CandidateStage, number>;
      for (const c of r.candidates) stageCounts[c.stage] += 1;
      // A role closes with its hire, or by hand when the search stops; only a hire has a time to hire.
      const status = !r.closedAt ? 'OPEN' : stageCounts.HIRED > 0 ? 'FILLED' : 'CLOSED';
      return {
        id: r.id,
        title: r.title,
        role: r.role,
        status,
        openedAt: day(r.openedAt),
        closedAt: r.closedAt ? day(r.closedAt) : null,
        timeToHireDays: r.closedAt && status === 'FILLED' ? timeToHireDays(r.openedAt, r.closedAt) : null,
        stageCounts,
        candidates: r.candidates.map((c) => ({
          id: c.id,
          name: c.name,
          email: c.email,
          stage: c.stage,
          appliedAt: day(c.appliedAt),
          events: c.events.map((e) => ({ stage: e.stage, at: day(e.at), note: e.note })),
        })),
      };
    });
    const filled = roles.filter((r) => r.timeToHireDays !== null);
    const avg = filled.length ? round2(filled.reduce((s, r) => s + (r.timeToHireDays ?? 0), 0) / filled.length) : null;
    return { roles, filledCount: filled.length, averageTimeToHireDays: avg };
  }

  async createOpenRole(org: OrgAccess, input: CreateOpenRoleInput): Promise<HiringView> {
    await this.checkRole(org.organizationId, input.role);
    await this.repo.createOpenRole(org.organizationId, { title: input.title, role: input.role, openedAt: toDate(input.openedAt) });
    return this.hiring(org);
  }

  /**
   * Closes a role without a hire. Candidates still in the pipeline stay as they are (their history
   * is kept); nobody can be added or hired on a closed role.
   */
  async closeOpenRole(org: OrgAccess, roleId: string, input: CloseOpenRoleInput): Promise<HiringView> {
    await this.tx.run(async (tx) => {
      const role = await this.repo.openRole(org.organizationId, roleId, tx);
      if (!role) throw AppError.notFound('open role');
      if (role.closedAt) throw AppError.conflict(`The role "${role.title}" was already closed on ${day(role.closedAt)}`);
      if (input.closedAt < day(role.openedAt)) throw AppError.validation([{ path: 'closedAt', message: `is before the role opened (${day(role.openedAt)})` }]);
      await this.repo.closeRole(role.id, toDate(input.closedAt), tx);
    });
    return this.hiring(org);
  }

  async addCandidate(org: OrgAccess, roleId: string, input: CreateCandidateInput): Promise<HiringView> {
    const role = await this.repo.openRole(org.organizationId, roleId);
    if (!role) throw AppError.notFound('open role');
    if (role.closedAt) throw AppError.conflict(`The role "${role.title}" was closed on ${day(role.closedAt)}; open a new role to hire again`);
    if (input.appliedAt < day(role.openedAt)) throw AppError.validation([{ path: 'appliedAt', message: `is before the role opened (${day(role.openedAt)})` }]);
    await this.tx.run((tx) => this.repo.createCandidate(org.organizationId, roleId, { name: input.name, email: input.email, appliedAt: toDate(input.appliedAt), note: input.note }, tx));
    return this.hiring(org);
  }

  /** Moves a candidate to a stage on a date; a hire fills the role and fixes its time to hire. */
  async moveCandidate(org: OrgAccess, candidateId: string, input: MoveCandidateInput): Promise<HiringView> {
    await this.tx.run(async (tx) => {
      const c = await this.repo.candidate(org.organizationId, candidateId, tx);
      if (!c) throw AppError.notFound('candidate');
      if (TERMINAL.has(c.stage)) throw AppError.conflict(`${c.name} is already ${c.stage.toLowerCase()}; their candidacy is closed`);
      if (input.stage === c.stage) throw AppError.validation([{ path: 'stage', message: `${c.name} is already at ${c.stage}` }]);
      const last = c.events[0]?.at ?? c.appliedAt;
      if (input.at < day(last)) throw AppError.validation([{ path: 'at', message: `is before the candidate's last stage change (${day(last)}); stage events must go forward in time` }]);
      if (input.stage === 'HIRED' && c.openRole.closedAt) throw AppError.conflict(`The role "${c.openRole.title}" is already closed (${day(c.openRole.closedAt)}); open a new role to hire`);
      await this.repo.moveCandidate(c.id, input.stage, toDate(input.at), input.note, tx);
      if (input.stage === 'HIRED') await this.repo.closeRole(c.openRoleId, toDate(input.at), tx);
    });
    return this.hiring(org);
  }

  // ---- reviews ----
  async reviews(org: OrgAccess): Promise<ReviewPeriodView[]> {
    const rows = await this.repo.periods(org.organizationId);
    return rows.map((p) => {
      const byKpi = new Map<string, number[]>();
      const reviews = p.reviews.map((r) => {
        for (const s of r.scores) byKpi.set(s.kpi, [...(byKpi.get(s.kpi) ?? []), s.score]);
        const avg = r.scores.length ? r.scores.reduce((s, x) => s + x.score, 0) / r.scores.length : 0;
        return { id: r.id, memberId: r.memberId, memberName: r.member.name, scores: r.scores.map((s) => ({ kpi: s.kpi, score: s.score })), average: round2(avg), notes: r.notes };
      });
      const order = (k: string) => {
        const i = (BUILTIN_KPIS as readonly string[]).indexOf(k);
        return i < 0 ? BUILTIN_KPIS.length : i;
      };
      const rollup = [...byKpi.entries()]
        .map(([kpi, xs]) => ({ kpi, average: round2(xs.reduce((s, x) => s + x, 0) / xs.length), count: xs.length }))
        .sort((a, b) => order(a.kpi) - order(b.kpi) || a.kpi.localeCompare(b.kpi));
      const all = [...byKpi.values()].flat();
      return {
        id: p.id,
        name: p.name,
        startDate: day(p.startDate),
        endDate: day(p.endDate),
        reviews,
        rollup,
        teamAverage: all.length ? round2(all.reduce((s, x) => s + x, 0) / all.length) : null,
      };
    });
  }

  async createPeriod(org: OrgAccess, input: CreateReviewPeriodInput): Promise<ReviewPeriodView> {
    try {
      const p = await this.repo.createPeriod(org.organizationId, { name: input.name, startDate: toDate(input.startDate), endDate: toDate(input.endDate) });
      return this.periodView(org, p.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw AppError.conflict(`A review period "${input.name}" already exists`);
      throw e;
    }
  }

  private async periodView(org: OrgAccess, id: string): Promise<ReviewPeriodView> {
    const p = (await this.reviews(org)).find((x) => x.id === id);
    if (!p) throw AppError.notFound('review period');
    return p;
  }

  async upsertReview(org: OrgAccess, periodId: string, input: UpsertReviewInput): Promise<ReviewPeriodView> {
    await this.tx.run(async (tx) => {
      if (!(await this.repo.period(org.organizationId, periodId, tx))) throw AppError.notFound('review period');
      if (!(await this.repo.member(org.organizationId, input.memberId, tx))) throw AppError.validation([{ path: 'memberId', message: 'no such team member in this organisation' }]);
      await this.repo.upsertReview(org.organizationId, periodId, input.memberId, input.notes, input.scores, tx);
    });
    return this.periodView(org, periodId);
  }
}
