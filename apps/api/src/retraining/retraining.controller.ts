import { Controller, Delete, Get, Headers, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ZCreateRetrainScheduleSchema,
  ZCronPreviewQuery,
  ZRetrainEventListQuery,
  ZRetrainNowSchema,
  ZRetrainPolicySchema,
  ZRetrainScheduleListQuery,
  ZUpdateRetrainScheduleSchema,
  type CreateRetrainScheduleInput,
  type CronPreview,
  type Page,
  type RetrainEventListQuery,
  type RetrainEventView,
  type RetrainNowInput,
  type RetrainPolicyInput,
  type RetrainPolicyView,
  type RetrainScheduleView,
  type UpdateRetrainScheduleInput,
} from '@meridian/domain';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { RetrainingService, type RunNowResult } from './retraining.service';
import { ZCronPreviewView, ZRetrainEventPage, ZRetrainEventView, ZRetrainPolicyView, ZRetrainScheduleView, ZRunNowResult } from './views';

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,200}$/;

@ApiTags('retraining')
@Controller('orgs/:orgId/retraining')
export class RetrainingController {
  constructor(private readonly retraining: RetrainingService) {}

  @Get('schedules')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Retraining schedules (optionally of one project), each with its next fire times and last event' })
  @ApiOk(z.array(ZRetrainScheduleView))
  list(@ZQuery(ZRetrainScheduleListQuery) q: z.infer<typeof ZRetrainScheduleListQuery>, @CurrentOrg() org: OrgAccess): Promise<RetrainScheduleView[]> {
    return this.retraining.listSchedules(org, q.projectId);
  }

  @Post('schedules')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a retraining schedule: a cron read in an IANA time zone, a catch-up policy, optionally a template run and a dataset' })
  @ApiOk(ZRetrainScheduleView, 201, 'Created (and put on the queue unless paused)')
  @ApiResponse({ status: 422, description: 'UNPROCESSABLE: invalid cron or time zone, a template run or dataset of another project' })
  create(@ZBody(ZCreateRetrainScheduleSchema) body: CreateRetrainScheduleInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RetrainScheduleView> {
    return this.retraining.createSchedule(actor, org, body);
  }

  @Get('cron-preview')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'A cron in words and its next fire times in a time zone (for the schedule form)' })
  @ApiOk(ZCronPreviewView)
  preview(@ZQuery(ZCronPreviewQuery) q: z.infer<typeof ZCronPreviewQuery>): CronPreview {
    return this.retraining.cronPreview(q.cron, q.timezone, q.count);
  }

  @Get('schedules/:scheduleId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One retraining schedule' })
  @ApiOk(ZRetrainScheduleView)
  get(@IdParam('scheduleId') id: string, @CurrentOrg() org: OrgAccess): Promise<RetrainScheduleView> {
    return this.retraining.getSchedule(org, id);
  }

  @Patch('schedules/:scheduleId')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Edit a schedule (name, cron, time zone, catch-up, template run, dataset); a new cron counts from now' })
  @ApiOk(ZRetrainScheduleView)
  update(@IdParam('scheduleId') id: string, @ZBody(ZUpdateRetrainScheduleSchema) body: UpdateRetrainScheduleInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RetrainScheduleView> {
    return this.retraining.updateSchedule(actor, org, id, body);
  }

  @Delete('schedules/:scheduleId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule (taken off the queue; its history stays, without the schedule link)' })
  async delete(@IdParam('scheduleId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.retraining.deleteSchedule(actor, org, id);
  }

  @Post('schedules/:scheduleId/pause')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause: the schedule is taken off the queue and fires no more' })
  @ApiOk(ZRetrainScheduleView)
  pause(@IdParam('scheduleId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RetrainScheduleView> {
    return this.retraining.setPaused(actor, org, id, true);
  }

  @Post('schedules/:scheduleId/resume')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume: back on the queue from its next slot (slots passed while paused are not caught up)' })
  @ApiOk(ZRetrainScheduleView)
  resume(@IdParam('scheduleId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RetrainScheduleView> {
    return this.retraining.setPaused(actor, org, id, false);
  }

  @Post('schedules/:scheduleId/run-now')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run now: launch one retraining (cause MANUAL) with the schedule template and data, within the project concurrency limit' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key twice launches once (the second answer is DUPLICATE)' })
  @ApiOk(ZRunNowResult, 200, 'What happened: STARTED (with runId), SKIPPED or FAILED (with reason), DUPLICATE')
  runNow(@IdParam('scheduleId') id: string, @Headers('idempotency-key') key: string | undefined, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RunNowResult> {
    if (key !== undefined && !IDEMPOTENCY_KEY_RE.test(key)) {
      throw AppError.validation([{ path: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters', expected: 'string' }]);
    }
    return this.retraining.runNow(actor, org, id, key ?? null);
  }

  @Post('run-now')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retrain a project now, without a schedule (cause MANUAL): the champion run (or the given template) on the newest data, within the concurrency limit' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key twice launches once (the second answer is DUPLICATE)' })
  @ApiOk(ZRunNowResult, 200, 'What happened: STARTED (with runId), SKIPPED or FAILED (with reason), DUPLICATE')
  runNowForProject(@ZBody(ZRetrainNowSchema) body: RetrainNowInput, @Headers('idempotency-key') key: string | undefined, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RunNowResult> {
    if (key !== undefined && !IDEMPOTENCY_KEY_RE.test(key)) {
      throw AppError.validation([{ path: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters', expected: 'string' }]);
    }
    return this.retraining.runNowForProject(actor, org, body, key ?? null);
  }

  @Get('events')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Retraining history, newest first: every launch (schedules, run now, triggers) with its outcome, run and comparison' })
  @ApiOk(ZRetrainEventPage)
  events(@ZQuery(ZRetrainEventListQuery) q: RetrainEventListQuery, @CurrentOrg() org: OrgAccess): Promise<Page<RetrainEventView>> {
    return this.retraining.listEvents(org, q);
  }

  @Get('events/:eventId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One retraining event' })
  @ApiOk(ZRetrainEventView)
  event(@IdParam('eventId') id: string, @CurrentOrg() org: OrgAccess): Promise<RetrainEventView> {
    return this.retraining.event(org, id);
  }
}

@ApiTags('retraining')
@Controller('orgs/:orgId/projects/:projectId/retraining-policy')
export class RetrainingPolicyController {
  constructor(private readonly retraining: RetrainingService) {}

  @Get()
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "The project's retraining policy (the defaults until one is saved)" })
  @ApiOk(ZRetrainPolicyView)
  get(@IdParam('projectId') projectId: string, @CurrentOrg() org: OrgAccess): Promise<RetrainPolicyView> {
    return this.retraining.getPolicy(org, projectId);
  }

  @Put()
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Set the retraining policy: concurrent retrainings, auto-promotion and its margin, the compared metric' })
  @ApiOk(ZRetrainPolicyView)
  put(@IdParam('projectId') projectId: string, @ZBody(ZRetrainPolicySchema) body: RetrainPolicyInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<RetrainPolicyView> {
    return this.retraining.putPolicy(actor, org, projectId, body);
  }
}
