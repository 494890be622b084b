import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ZCreateRiskSchema,
  ZRiskHeatMapQuery,
  ZRiskListQuery,
  ZRiskTransitionSchema,
  ZSetAiActTierSchema,
  ZUpdateComplianceItemSchema,
  ZUpdateRiskSchema,
  type CreateRiskInput,
  type ProjectGovernanceView,
  type RiskDetailView,
  type RiskHeatMapQuery,
  type RiskHeatMapView,
  type RiskListQuery,
  type RiskListView,
  type RiskTransitionInput,
  type SetAiActTierInput,
  type UpdateComplianceItemInput,
  type UpdateRiskInput,
} from '@meridian/domain';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { AppError } from '../common/app-error';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { RisksService } from './risks.service';
import { GovernanceService } from './governance.service';
import { ZGovernanceView, ZRiskDetailView, ZRiskHeatMapView, ZRiskListView } from './risks.views';

@ApiTags('risks')
@Controller('orgs/:orgId')
export class RisksController {
  constructor(
    private readonly risks: RisksService,
    private readonly governance: GovernanceService,
  ) {}

  @Get('risks')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'The risk register: open risks (filters: project, status, category, level, source, owner, overdue), with overdue reviews flagged' })
  @ApiOk(ZRiskListView)
  list(@ZQuery(ZRiskListQuery) q: RiskListQuery, @CurrentOrg() org: OrgAccess): Promise<RiskListView> {
    return this.risks.list(org, q);
  }

  @Get('risks/heat-map')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: '5x5 heat map of open risks by likelihood and impact (residual=true: residual ratings)' })
  @ApiOk(ZRiskHeatMapView)
  heatMap(@ZQuery(ZRiskHeatMapQuery) q: RiskHeatMapQuery, @CurrentOrg() org: OrgAccess): Promise<RiskHeatMapView> {
    return this.risks.heatMap(org, q);
  }

  @Post('projects/:projectId/risks')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Add a risk to a project (status IDENTIFIED)' })
  @ApiOk(ZRiskDetailView, 201, 'Created')
  create(@IdParam('projectId') projectId: string, @ZBody(ZCreateRiskSchema) body: CreateRiskInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RiskDetailView> {
    return this.risks.create(actor, org, projectId, body);
  }

  @Get('risks/:riskId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One risk with its status history' })
  @ApiOk(ZRiskDetailView)
  get(@IdParam('riskId') id: string, @CurrentOrg() org: OrgAccess): Promise<RiskDetailView> {
    return this.risks.get(org, id);
  }

  @Patch('risks/:riskId')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Change a risk: ratings, response, owner (a member), review date, residual ratings' })
  @ApiOk(ZRiskDetailView)
  update(@IdParam('riskId') id: string, @ZBody(ZUpdateRiskSchema) body: UpdateRiskInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RiskDetailView> {
    return this.risks.update(actor, org, id, body);
  }

  @Post('risks/:riskId/transitions')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a risk through its workflow (recorded in its history)' })
  @ApiOk(ZRiskDetailView)
  @ApiResponse({ status: 409, description: 'CONFLICT: the workflow does not allow this move from the current status' })
  transition(@IdParam('riskId') id: string, @ZBody(ZRiskTransitionSchema) body: RiskTransitionInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RiskDetailView> {
    return this.risks.transition(actor, org, id, body);
  }

  @Delete('risks/:riskId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a risk (audited)' })
  async delete(@IdParam('riskId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.risks.delete(actor, org, id);
  }

  @Get('projects/:projectId/governance')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "A project's EU AI Act tier and its compliance checklist (AI Act obligations, GDPR, CCPA, IP, export control, data sharing)" })
  @ApiOk(ZGovernanceView)
  getGovernance(@IdParam('projectId') projectId: string, @CurrentOrg() org: OrgAccess): Promise<ProjectGovernanceView> {
    return this.governance.get(org, projectId);
  }

  @Put('projects/:projectId/governance/ai-act-tier')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Set the EU AI Act tier; adds its obligations and the compliance template to the checklist' })
  @ApiOk(ZGovernanceView)
  setTier(@IdParam('projectId') projectId: string, @ZBody(ZSetAiActTierSchema) body: SetAiActTierInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<ProjectGovernanceView> {
    return this.governance.setTier(actor, org, projectId, body);
  }

  @Patch('projects/:projectId/governance/checklist/:itemId')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Update a checklist item: status, owner, evidence links, due date, notes (DONE needs an owner and evidence)' })
  @ApiOk(ZGovernanceView)
  updateItem(
    @IdParam('projectId') projectId: string,
    @Param('itemId') itemId: string,
    @ZBody(ZUpdateComplianceItemSchema) body: UpdateComplianceItemInput,
    @CurrentActor() actor: Actor,
    @CurrentOrg() org: OrgAccess,
  ): Promise<ProjectGovernanceView> {
    if (!/^[a-z0-9._-]{1,100}$/.test(itemId)) throw AppError.notFound('compliance item');
    return this.governance.updateItem(actor, org, projectId, itemId, body);
  }
}
