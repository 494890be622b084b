import { Controller, Delete, Get, HttpCode, Post, Put, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ZAuditExceptionSchema,
  ZCreateFairnessAuditSchema,
  ZCreateModelAuditSchema,
  ZFairnessAuditListQuery,
  ZFairnessReviewSchema,
  ZProjectFairnessPolicySchema,
  type AuditExceptionInput,
  type CreateFairnessAuditInput,
  type FairnessAuditSummaryView,
  type FairnessAuditView,
  type FairnessReviewInput,
  type Page,
  type ProjectFairnessPolicyView,
} from '@meridian/domain';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { FairnessAuditsService } from './fairness-audits.service';
import { ZFairnessAuditList, ZFairnessAuditView, ZProjectFairnessPolicyView } from './fairness-audits.views';

@ApiTags('fairness-audits')
@Controller('orgs/:orgId')
export class FairnessAuditsController {
  constructor(private readonly audits: FairnessAuditsService) {}

  @Get('fairness-audits')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Fairness audits, newest first, one page at a time (limit, cursor = the previous nextCursor); filter by project or model version' })
  @ApiOk(ZFairnessAuditList)
  list(@ZQuery(ZFairnessAuditListQuery) q: z.output<typeof ZFairnessAuditListQuery>, @CurrentOrg() org: OrgAccess): Promise<Page<FairnessAuditSummaryView>> {
    return this.audits.list(org, q);
  }

  @Get('projects/:projectId/fairness-policy')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "The project's fairness policy: the thresholds every audit of its model versions is judged by (the standard policy until an owner or admin sets one)" })
  @ApiOk(ZProjectFairnessPolicyView)
  getPolicy(@IdParam('projectId') projectId: string, @CurrentOrg() org: OrgAccess): Promise<ProjectFairnessPolicyView> {
    return this.audits.getPolicy(org, projectId);
  }

  @Put('projects/:projectId/fairness-policy')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: "OWNER or ADMIN: replace the project's fairness policy (fields left out take the standard values; audited). A model-version audit may tighten it, never loosen it" })
  @ApiOk(ZProjectFairnessPolicyView)
  @ApiResponse({ status: 403, description: 'FORBIDDEN: only an owner or admin sets the policy' })
  putPolicy(@IdParam('projectId') projectId: string, @ZBody(ZProjectFairnessPolicySchema) body: z.output<typeof ZProjectFairnessPolicySchema>, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<ProjectFairnessPolicyView> {
    return this.audits.putPolicy(actor, org, projectId, body);
  }

  @Post('projects/:projectId/fairness-audits/model')
  @OrgRole('MEMBER')
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Audit a registered model version on a dataset version of the project: checked at once (404 unknown ids, 422 another project's model or data, 400 columns the profile does not have, a label that is not binary, a model that is not a binary classifier), then a fairness.audit job predicts on every row and builds the report",
  })
  @ApiOk(ZFairnessAuditView, 202, 'Accepted: the audit is queued')
  createForModel(@IdParam('projectId') projectId: string, @ZBody(ZCreateModelAuditSchema) body: z.output<typeof ZCreateModelAuditSchema>, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<FairnessAuditView> {
    return this.audits.createForModel(actor, org, projectId, body);
  }

  @Post('projects/:projectId/fairness-audits')
  @OrgRole('MEMBER')
  @HttpCode(202)
  @ApiOperation({ summary: 'Audit an uploaded predictions CSV: checked at once (400 on bad columns or labels, 422 a modelVersionId not of this project), then run as a fairness.audit job. Informational: an upload never counts for the promotion gate' })
  @ApiOk(ZFairnessAuditView, 202, 'Accepted: the audit is queued')
  create(@IdParam('projectId') projectId: string, @ZBody(ZCreateFairnessAuditSchema) body: CreateFairnessAuditInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<FairnessAuditView> {
    return this.audits.create(actor, org, projectId, body);
  }

  @Get('fairness-audits/:auditId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One audit: its record plus the report keys `meridian audit --json` prints (verdict, reasons, policy, result, mitigation)' })
  @ApiOk(ZFairnessAuditView)
  get(@IdParam('auditId') id: string, @CurrentOrg() org: OrgAccess): Promise<FairnessAuditView> {
    return this.audits.get(org, id);
  }

  @Get('fairness-audits/:auditId/report.pdf')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'The audit report as a PDF (headless Chromium), stored with the audit' })
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'The PDF' })
  @ApiResponse({ status: 409, description: 'CONFLICT: the audit has not finished' })
  async pdf(@IdParam('auditId') id: string, @CurrentOrg() org: OrgAccess): Promise<StreamableFile> {
    const { bytes, fileName } = await this.audits.pdf(org, id);
    return new StreamableFile(bytes, { type: 'application/pdf', length: bytes.byteLength, disposition: `attachment; filename="${fileName}"` });
  }

  @Post('fairness-audits/:auditId/review')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the ethics review sign-off (reviewer = the caller, date = now, decision and note)' })
  @ApiOk(ZFairnessAuditView)
  @ApiResponse({ status: 409, description: 'CONFLICT: the audit has not finished' })
  review(@IdParam('auditId') id: string, @ZBody(ZFairnessReviewSchema) body: FairnessReviewInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<FairnessAuditView> {
    return this.audits.review(actor, org, id, body);
  }

  @Post('fairness-audits/:auditId/exception')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: "OWNER only: accept a failed (or, in a high-risk project, warning) audit of a model version for the promotion gate, with a justification of at least 20 characters (who and when are recorded; audited)" })
  @ApiOk(ZFairnessAuditView)
  @ApiResponse({ status: 403, description: 'FORBIDDEN: only an owner can accept an exception' })
  @ApiResponse({ status: 409, description: 'CONFLICT: the audit has not finished, passed, or names no model version' })
  exception(@IdParam('auditId') id: string, @ZBody(ZAuditExceptionSchema) body: AuditExceptionInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<FairnessAuditView> {
    return this.audits.recordException(actor, org, id, body);
  }

  @Delete('fairness-audits/:auditId/exception')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'OWNER only: withdraw the accepted exception (the audit blocks promotion again; audited)' })
  @ApiOk(ZFairnessAuditView)
  withdrawException(@IdParam('auditId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<FairnessAuditView> {
    return this.audits.withdrawException(actor, org, id);
  }

  @Delete('fairness-audits/:auditId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an audit (audited); an audit of a model version (gate evidence) only by an OWNER or ADMIN' })
  async delete(@IdParam('auditId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.audits.delete(actor, org, id);
  }
}
