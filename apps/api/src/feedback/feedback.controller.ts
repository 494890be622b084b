import { Controller, Delete, Get, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole, Public } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import {
  ZCreateFeedbackKeySchema,
  ZCreateSurveySchema,
  ZFeedbackQuery,
  ZPublicFeedbackSchema,
  type CreateFeedbackKeyInput,
  type CreateSurveyInput,
  type FeedbackQuery,
  type PublicFeedbackInput,
} from './feedback.schemas';
import { FeedbackService } from './feedback.service';
import { WIDGET_JS } from './widget';

const ZKeyView = z.object({ id: z.string(), projectId: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
const ZCreatedKeyView = ZKeyView.extend({ key: z.string().describe('The secret, shown only in this response') });
const ZSurveyView = z.object({ id: z.string(), projectId: z.string(), name: z.string(), kind: z.string(), question: z.string(), active: z.boolean(), createdAt: z.string() });
const ZInterval = z.object({ low: z.number(), high: z.number(), level: z.number() }).nullable();
const ZGroup = z.object({
  key: z.string(),
  responses: z.number(),
  nps: z.object({ n: z.number(), promoters: z.number(), passives: z.number(), detractors: z.number(), nps: z.number().nullable(), ci: ZInterval }),
  csat: z.object({ n: z.number(), satisfied: z.number(), csat: z.number().nullable(), ci: ZInterval }),
  negativeShare: z.number(),
});

@ApiTags('feedback')
@Controller('orgs/:orgId')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get('feedback/overview')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'NPS and CSAT over the last 12 weeks, all projects, with the weekly trend' })
  @ApiOk(z.object({ overall: ZGroup, weeks: z.array(ZGroup) }))
  overview(@CurrentOrg() org: OrgAccess) {
    return this.feedback.orgNpsTrend(org);
  }

  @Get('projects/:projectId/feedback')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Satisfaction analytics: NPS and CSAT with 95 % intervals, trends by ISO week and model version, themes, searchable comments with sentiment, risk signals' })
  @ApiOk(z.object({ overall: ZGroup, weeks: z.array(ZGroup), modelVersions: z.array(ZGroup) }))
  analytics(@IdParam('projectId') projectId: string, @ZQuery(ZFeedbackQuery) q: FeedbackQuery, @CurrentOrg() org: OrgAccess) {
    return this.feedback.analytics(org, projectId, q);
  }

  @Post('projects/:projectId/feedback/check-risks')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Raise MARKET risks in the register when NPS dropped or negative feedback is above the threshold (once per signal while open); also runs after feedback arrives, at most every 10 minutes per project' })
  @ApiOk(z.array(z.object({ id: z.string(), projectId: z.string(), title: z.string(), dedupeKey: z.string() })))
  checkRisks(@IdParam('projectId') projectId: string, @ZQuery(ZFeedbackQuery) q: FeedbackQuery, @CurrentOrg() org: OrgAccess) {
    return this.feedback.checkProjectRisks(org, projectId, q.asOf);
  }

  @Get('projects/:projectId/feedback-keys')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Feedback keys of a project (prefixes only; the secret is shown once)' })
  @ApiOk(z.array(ZKeyView))
  keys(@IdParam('projectId') projectId: string, @CurrentOrg() org: OrgAccess) {
    return this.feedback.listKeys(org, projectId);
  }

  @Post('projects/:projectId/feedback-keys')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a feedback key for the embeddable widget (the secret is in this response only)' })
  @ApiOk(ZCreatedKeyView, 201, 'Created')
  createKey(@IdParam('projectId') projectId: string, @ZBody(ZCreateFeedbackKeySchema) body: CreateFeedbackKeyInput, @CurrentOrg() org: OrgAccess) {
    return this.feedback.createKey(org, projectId, body);
  }

  @Post('projects/:projectId/feedback-keys/:keyId/rotate')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Revoke a feedback key and issue its replacement' })
  @ApiOk(ZCreatedKeyView, 201, 'Created')
  rotateKey(@IdParam('projectId') projectId: string, @IdParam('keyId') keyId: string, @CurrentOrg() org: OrgAccess) {
    return this.feedback.rotateKey(org, projectId, keyId);
  }

  @Delete('projects/:projectId/feedback-keys/:keyId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a feedback key' })
  async revokeKey(@IdParam('projectId') projectId: string, @IdParam('keyId') keyId: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.feedback.revokeKey(org, projectId, keyId);
  }

  @Get('projects/:projectId/surveys')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Surveys of a project' })
  @ApiOk(z.array(ZSurveyView))
  surveys(@IdParam('projectId') projectId: string, @CurrentOrg() org: OrgAccess) {
    return this.feedback.listSurveys(org, projectId);
  }

  @Post('projects/:projectId/surveys')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Define a survey (NPS, CSAT, THUMBS or TEXT question)' })
  @ApiOk(ZSurveyView, 201, 'Created')
  createSurvey(@IdParam('projectId') projectId: string, @ZBody(ZCreateSurveySchema) body: CreateSurveyInput, @CurrentOrg() org: OrgAccess) {
    return this.feedback.createSurvey(org, projectId, body);
  }

  @Delete('projects/:projectId/surveys/:surveyId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a survey' })
  async deleteSurvey(@IdParam('projectId') projectId: string, @IdParam('surveyId') id: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.feedback.deleteSurvey(org, projectId, id);
  }
}

/**
 * Public on purpose: end users of a customer's product post feedback from any site. The project
 * feedback key authenticates (it can only add feedback to its project); CORS allows any origin here
 * without credentials (see app.ts); per-IP and per-key limits answer 429.
 */
@ApiTags('feedback')
@Controller('public/feedback')
export class PublicFeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post()
  @Public()
  @ApiHeader({ name: 'x-feedback-key', required: false, description: 'Project feedback key mfk_… (or the "key" body field)' })
  @ApiOperation({ summary: 'Submit feedback (NPS 0–10, CSAT 1–5, thumbs, comment, optional modelVersionId / predictionId) with a project feedback key' })
  @ApiOk(z.object({ id: z.string(), projectId: z.string() }), 201, 'Recorded')
  @ApiResponse({ status: 422, description: "UNPROCESSABLE: surveyId or modelVersionId is not one of the key's project, or predictionId came without modelVersionId (issues name the field; nothing stored)" })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED: too much feedback from this address or for this key (Retry-After)' })
  submit(@ZBody(ZPublicFeedbackSchema) body: PublicFeedbackInput, @Headers('x-feedback-key') headerKey: string | undefined, @Req() req: FastifyRequest) {
    return this.feedback.submit(headerKey ?? body.key, req.ip, body);
  }

  @Get('widget.js')
  @Public()
  @Header('content-type', 'application/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  // Helmet's default CORP (same-origin) would stop customers' pages from loading the script.
  @Header('cross-origin-resource-policy', 'cross-origin')
  @ApiOperation({ summary: 'The embeddable feedback widget (a script tag with data-key; see the dashboard for the snippet)' })
  widget(): string {
    return WIDGET_JS;
  }
}
