import { Controller, Delete, Get, HttpCode, Post, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZCreateFairnessAuditSchema, ZFairnessReviewSchema, type CreateFairnessAuditInput, type FairnessAuditSummaryView, type FairnessAuditView, type FairnessReviewInput } from '@meridian/domain';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { FairnessAuditsService } from './fairness-audits.service';
import { ZFairnessAuditList, ZFairnessAuditView } from './fairness-audits.views';

const ZAuditListQuery = z.object({ projectId: z.string().min(1).max(64).optional() });

@ApiTags('fairness-audits')
@Controller('orgs/:orgId')
export class FairnessAuditsController {
  constructor(private readonly audits: FairnessAuditsService) {}

  @Get('fairness-audits')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Fairness audits, newest first (optionally of one project)' })
  @ApiOk(ZFairnessAuditList)
  list(@ZQuery(ZAuditListQuery) q: { projectId?: string }, @CurrentOrg() org: OrgAccess): Promise<{ items: FairnessAuditSummaryView[] }> {
    return this.audits.list(org, q);
  }

  @Post('projects/:projectId/fairness-audits')
  @OrgRole('MEMBER')
  @HttpCode(202)
  @ApiOperation({ summary: 'Audit an uploaded predictions CSV: checked at once (400 on bad columns or labels), then run as a fairness.audit job' })
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

  @Delete('fairness-audits/:auditId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an audit (audited)' })
  async delete(@IdParam('auditId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.audits.delete(actor, org, id);
  }
}
