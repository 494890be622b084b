import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZAddMemberSchema, ZCreateOrganizationSchema, ZUpdateMemberSchema, type CreateOrganizationInput, type MemberView, type MembershipView, type Role } from '@meridian/domain';
import type { Actor, OrgAccess, Principal } from '../common/context';
import { CurrentActor, CurrentOrg, CurrentPrincipal, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody } from '../common/zod';
import { OrgsService } from './orgs.service';
import { ZMemberView, ZMembershipView } from '../common/views';
import { z } from 'zod';

@ApiTags('organizations')
@Controller('orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's organisations and role in each" })
  @ApiOk(z.array(ZMembershipView))
  async list(@CurrentPrincipal() p: Principal): Promise<MembershipView[]> {
    if (p.kind === 'apiKey') {
      const org = await this.orgs.organization(p.organizationId);
      return org ? [{ organizationId: org.id, organizationName: org.name, organizationSlug: org.slug, role: p.role }] : [];
    }
    return this.orgs.membershipsOf(p.userId);
  }

  @Post()
  @ApiOperation({ summary: 'Create an organisation; the caller becomes its OWNER' })
  @ApiOk(ZMembershipView, 201, 'Created')
  create(@ZBody(ZCreateOrganizationSchema) body: CreateOrganizationInput, @CurrentActor() actor: Actor, @CurrentPrincipal() p: Principal): Promise<MembershipView> {
    return this.orgs.create(actor, p, body.name);
  }

  @Get(':orgId/members')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Members of the organisation' })
  @ApiOk(z.array(ZMemberView))
  members(@CurrentOrg() org: OrgAccess): Promise<MemberView[]> {
    return this.orgs.members(org);
  }

  @Post(':orgId/members')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Add an existing user by email (ADMIN+; cannot grant above your own role)' })
  @ApiOk(ZMemberView, 201, 'Added')
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no account with that email' })
  @ApiResponse({ status: 409, description: 'CONFLICT: already a member' })
  addMember(@ZBody(ZAddMemberSchema) body: { email: string; role: Role }, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<MemberView> {
    return this.orgs.addMember(actor, org, body);
  }

  @Patch(':orgId/members/:userId')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: "Change a member's role (the last OWNER cannot be demoted: 409)" })
  @ApiOk(ZMemberView)
  updateMember(@IdParam('userId') userId: string, @ZBody(ZUpdateMemberSchema) body: { role: Role }, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<MemberView> {
    return this.orgs.updateMember(actor, org, userId, body.role);
  }

  @Delete(':orgId/members/:userId')
  @OrgRole('VIEWER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (ADMIN+), or leave yourself (any role); the last OWNER cannot be removed: 409' })
  async removeMember(@IdParam('userId') userId: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.orgs.removeMember(actor, org, userId);
  }
}
