import { Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ZCloseOpenRoleSchema,
  ZCreateCandidateSchema,
  ZCreateCustomRoleSchema,
  ZCreateOpenRoleSchema,
  ZCreateReviewPeriodSchema,
  ZCreateTeamMemberSchema,
  ZMoveCandidateSchema,
  ZSetAllocationSchema,
  ZTeamSettingsSchema,
  ZUpdateTeamMemberSchema,
  ZUpsertReviewSchema,
  type CloseOpenRoleInput,
  type CreateCandidateInput,
  type CreateCustomRoleInput,
  type CreateOpenRoleInput,
  type CreateReviewPeriodInput,
  type CreateTeamMemberInput,
  type HiringView,
  type MoveCandidateInput,
  type ReviewPeriodView,
  type SetAllocationInput,
  type TeamMemberView,
  type TeamRoleView,
  type TeamSettingsInput,
  type UpdateTeamMemberInput,
  type UpsertReviewInput,
  type WorkloadView,
} from '@meridian/domain';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody } from '../common/zod';
import { TeamService } from './team.service';
import { ZHiringView, ZReviewPeriodView, ZTeamMemberView, ZTeamRoleView, ZWorkloadView } from './team.views';

@ApiTags('team')
@Controller('orgs/:orgId/team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get('roles')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Job roles: the built-in list plus the organisation’s custom roles' })
  @ApiOk(z.array(ZTeamRoleView))
  roles(@CurrentOrg() org: OrgAccess): Promise<TeamRoleView[]> {
    return this.team.roles(org);
  }

  @Post('roles')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Add a custom job role' })
  @ApiOk(ZTeamRoleView, 201, 'Created')
  createRole(@ZBody(ZCreateCustomRoleSchema) body: CreateCustomRoleInput, @CurrentOrg() org: OrgAccess): Promise<TeamRoleView> {
    return this.team.createRole(org, body);
  }

  @Get('members')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Team members with role, skills and allocations' })
  @ApiOk(z.array(ZTeamMemberView))
  members(@CurrentOrg() org: OrgAccess): Promise<TeamMemberView[]> {
    return this.team.members(org);
  }

  @Post('members')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Add a team member (with or without a login)' })
  @ApiOk(ZTeamMemberView, 201, 'Created')
  createMember(@ZBody(ZCreateTeamMemberSchema) body: CreateTeamMemberInput, @CurrentOrg() org: OrgAccess): Promise<TeamMemberView> {
    return this.team.createMember(org, body);
  }

  @Get('members/:memberId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One team member' })
  @ApiOk(ZTeamMemberView)
  member(@IdParam('memberId') id: string, @CurrentOrg() org: OrgAccess): Promise<TeamMemberView> {
    return this.team.member(org, id);
  }

  @Patch('members/:memberId')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Change a team member (skills, when given, replace the list)' })
  @ApiOk(ZTeamMemberView)
  updateMember(@IdParam('memberId') id: string, @ZBody(ZUpdateTeamMemberSchema) body: UpdateTeamMemberInput, @CurrentOrg() org: OrgAccess): Promise<TeamMemberView> {
    return this.team.updateMember(org, id, body);
  }

  @Delete('members/:memberId')
  @OrgRole('ADMIN')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a team member' })
  async deleteMember(@IdParam('memberId') id: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.team.deleteMember(org, id);
  }

  @Put('members/:memberId/allocations')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Set the share of a member’s time on a project (0 removes it)' })
  @ApiOk(ZTeamMemberView)
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: over 100 % for one allocation, or the total would pass the organisation’s hard cap' })
  setAllocation(@IdParam('memberId') id: string, @ZBody(ZSetAllocationSchema) body: SetAllocationInput, @CurrentOrg() org: OrgAccess): Promise<TeamMemberView> {
    return this.team.setAllocation(org, id, body);
  }

  @Get('workload')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Total allocation per person; anyone above 100 % is flagged' })
  @ApiOk(ZWorkloadView)
  workload(@CurrentOrg() org: OrgAccess): Promise<WorkloadView> {
    return this.team.workload(org);
  }

  @Put('settings')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Set the hard cap on a person’s total allocation (default 150 %)' })
  @ApiOk(ZWorkloadView)
  settings(@ZBody(ZTeamSettingsSchema) body: TeamSettingsInput, @CurrentOrg() org: OrgAccess): Promise<WorkloadView> {
    return this.team.setSettings(org, body.allocationCapPct);
  }

  @Get('hiring')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Open roles with their candidates, stage events and time to hire' })
  @ApiOk(ZHiringView)
  hiring(@CurrentOrg() org: OrgAccess): Promise<HiringView> {
    return this.team.hiring(org);
  }

  @Post('hiring/roles')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Open a role to hire for' })
  @ApiOk(ZHiringView, 201, 'Created')
  openRole(@ZBody(ZCreateOpenRoleSchema) body: CreateOpenRoleInput, @CurrentOrg() org: OrgAccess): Promise<HiringView> {
    return this.team.createOpenRole(org, body);
  }

  @Post('hiring/roles/:roleId/close')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an open role without a hire (a hire closes its role by itself)' })
  @ApiOk(ZHiringView)
  @ApiResponse({ status: 409, description: 'CONFLICT: the role is already closed or filled' })
  closeRole(@IdParam('roleId') roleId: string, @ZBody(ZCloseOpenRoleSchema) body: CloseOpenRoleInput, @CurrentOrg() org: OrgAccess): Promise<HiringView> {
    return this.team.closeOpenRole(org, roleId, body);
  }

  @Post('hiring/roles/:roleId/candidates')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Add a candidate to an open role (stage APPLIED)' })
  @ApiOk(ZHiringView, 201, 'Created')
  addCandidate(@IdParam('roleId') roleId: string, @ZBody(ZCreateCandidateSchema) body: CreateCandidateInput, @CurrentOrg() org: OrgAccess): Promise<HiringView> {
    return this.team.addCandidate(org, roleId, body);
  }

  @Post('hiring/candidates/:candidateId/moves')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Move a candidate to another stage on a date, with a note (HIRED fills the role)' })
  @ApiOk(ZHiringView, 201, 'Created')
  moveCandidate(@IdParam('candidateId') id: string, @ZBody(ZMoveCandidateSchema) body: MoveCandidateInput, @CurrentOrg() org: OrgAccess): Promise<HiringView> {
    return this.team.moveCandidate(org, id, body);
  }

  @Get('reviews')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Review periods with each person’s KPI scores and the team roll-up' })
  @ApiOk(z.array(ZReviewPeriodView))
  reviews(@CurrentOrg() org: OrgAccess): Promise<ReviewPeriodView[]> {
    return this.team.reviews(org);
  }

  @Post('reviews/periods')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Open a review period' })
  @ApiOk(ZReviewPeriodView, 201, 'Created')
  createPeriod(@ZBody(ZCreateReviewPeriodSchema) body: CreateReviewPeriodInput, @CurrentOrg() org: OrgAccess): Promise<ReviewPeriodView> {
    return this.team.createPeriod(org, body);
  }

  @Put('reviews/periods/:periodId/reviews')
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Record (or replace) one person’s KPI scores 1–5 for a period' })
  @ApiOk(ZReviewPeriodView)
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: a score outside 1–5, a KPI twice, or an unknown member' })
  upsertReview(@IdParam('periodId') id: string, @ZBody(ZUpsertReviewSchema) body: UpsertReviewInput, @CurrentOrg() org: OrgAccess): Promise<ReviewPeriodView> {
    return this.team.upsertReview(org, id, body);
  }
}
