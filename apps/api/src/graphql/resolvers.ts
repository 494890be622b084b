import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ZCreateProjectSchema, ZPageQuery, ZUpdateProjectSchema, type CreateProjectInput, type JobView, type MeView, type MembershipView, type Page, type ProjectView, type UpdateProjectInput } from '@meridian/domain';
import { z } from 'zod';
import type { Actor, OrgAccess, Principal } from '../common/context';
import { CurrentActor, CurrentOrg, CurrentPrincipal, OrgRole } from '../common/decorators';
import { ZodPipe } from '../common/zod';
import { AuthService } from '../auth/auth.service';
import { JobsService } from '../jobs/jobs.service';
import { OrgsService } from '../orgs/orgs.service';
import { ProjectsService } from '../projects/projects.service';
import { CreateProjectGqlInput, JobType, MeType, MembershipType, ProjectPageType, ProjectType, UpdateProjectGqlInput } from './types';

/** GraphQL omits absent fields as undefined but clients may send null for "not set": treat alike. */
const dropNulls = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, k === 'goal' ? x : dropNulls(x)])) : v;
const ZGqlCreate = z.preprocess(dropNulls, ZCreateProjectSchema);
const ZGqlUpdate = z.preprocess(dropNulls, ZUpdateProjectSchema);
const ZId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

function jobType(j: JobView): JobType {
  return { ...j, resultJson: j.result === null || j.result === undefined ? null : JSON.stringify(j.result) };
}

@Resolver()
export class ApiResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly orgs: OrgsService,
    private readonly projectsService: ProjectsService,
    private readonly jobs: JobsService,
  ) {}

  @Query(() => MeType)
  me(@CurrentPrincipal() p: Principal): Promise<MeView> {
    return p.kind === 'user' ? this.auth.me(p.userId) : this.auth.meForApiKey(p);
  }

  @Query(() => [MembershipType])
  async organizations(@CurrentPrincipal() p: Principal): Promise<MembershipView[]> {
    return p.kind === 'user' ? this.orgs.membershipsOf(p.userId) : (await this.auth.meForApiKey(p)).memberships;
  }

  @Query(() => ProjectPageType)
  @OrgRole('VIEWER')
  projects(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | undefined,
    @Args('cursor', { type: () => String, nullable: true }) cursor: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<Page<ProjectView>> {
    const q = new ZodPipe(ZPageQuery, 'args').transform({ limit: limit ?? undefined, cursor: cursor ?? undefined });
    return this.projectsService.list(org, q);
  }

  @Query(() => ProjectType)
  @OrgRole('VIEWER')
  project(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<ProjectView> {
    return this.projectsService.get(org, id);
  }

  @Mutation(() => ProjectType)
  @OrgRole('MEMBER')
  createProject(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('input', { type: () => CreateProjectGqlInput }, new ZodPipe(ZGqlCreate, 'input')) input: CreateProjectInput,
    @CurrentActor() actor: Actor,
    @CurrentOrg() org: OrgAccess,
  ): Promise<ProjectView> {
    return this.projectsService.create(actor, org, input);
  }

  @Mutation(() => ProjectType)
  @OrgRole('MEMBER')
  updateProject(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('id', { type: () => ID }, new ZodPipe(ZId, 'id')) id: string,
    @Args('input', { type: () => UpdateProjectGqlInput }, new ZodPipe(ZGqlUpdate, 'input')) input: UpdateProjectInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<ProjectView> {
    return this.projectsService.update(org, id, input);
  }

  @Mutation(() => Boolean)
  @OrgRole('MEMBER')
  async deleteProject(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZId, 'id')) id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<boolean> {
    await this.projectsService.delete(actor, org, id);
    return true;
  }

  @Mutation(() => JobType)
  @OrgRole('MEMBER')
  async exportProject(
    @Args('orgId', { type: () => ID }) _orgId: string,
    @Args('id', { type: () => ID }, new ZodPipe(ZId, 'id')) id: string,
    @Args('idempotencyKey', { type: () => String, nullable: true }) idempotencyKey: string | undefined,
    @CurrentOrg() org: OrgAccess,
  ): Promise<JobType> {
    return jobType(await this.jobs.exportProject(org, id, idempotencyKey ?? null));
  }

  @Query(() => JobType)
  @OrgRole('VIEWER')
  async job(@Args('orgId', { type: () => ID }) _orgId: string, @Args('id', { type: () => ID }, new ZodPipe(ZId, 'id')) id: string, @CurrentOrg() org: OrgAccess): Promise<JobType> {
    return jobType(await this.jobs.get(org, id));
  }
}
