import { Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZPageQuery, type JobView, type Page, type PageQuery } from '@meridian/domain';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZQuery } from '../common/zod';
import { JobsService } from './jobs.service';
import { ZJobView, page } from '../common/views';

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,200}$/;

@ApiTags('jobs')
@Controller('orgs/:orgId')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post('projects/:projectId/exports')
  @OrgRole('MEMBER')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue an export of the project (job project.export); poll the job for its result' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key twice in an organisation returns the same job; reused for a different request: 409' })
  @ApiOk(ZJobView, 202, 'Accepted: the job record')
  export(@IdParam('projectId') projectId: string, @Headers('idempotency-key') key: string | undefined, @CurrentOrg() org: OrgAccess): Promise<JobView> {
    if (key !== undefined && !IDEMPOTENCY_KEY_RE.test(key)) {
      throw AppError.validation([{ path: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters', expected: 'string' }]);
    }
    return this.jobs.exportProject(org, projectId, key ?? null);
  }

  @Get('jobs')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "The organisation's jobs, newest first" })
  @ApiOk(page(ZJobView))
  list(@ZQuery(ZPageQuery) q: PageQuery, @CurrentOrg() org: OrgAccess): Promise<Page<JobView>> {
    return this.jobs.list(org, q);
  }

  @Get('jobs/:jobId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One job: status, progress, result or error' })
  @ApiOk(ZJobView)
  get(@IdParam('jobId') id: string, @CurrentOrg() org: OrgAccess): Promise<JobView> {
    return this.jobs.get(org, id);
  }
}
