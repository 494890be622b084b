import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZRunLogQuery, type RunLogPage, type RunLogQuery } from '@meridian/domain';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZQuery } from '../common/zod';
import { RunLogsService } from './run-logs.service';

const ZRunLogPage = z.object({
  runId: z.string(),
  lines: z.array(
    z.object({
      seq: z.number().int().describe("the run's line number, from 1 (gaps are possible)"),
      time: z.string().describe('ISO 8601 time'),
      level: z.enum(['INFO', 'WARN', 'ERROR']),
      attempt: z.number().int().describe('the job attempt that wrote the line'),
      message: z.string(),
    }),
  ),
  nextAfter: z.number().int().nullable().describe('pass as `after` for the next page; null when there are no more lines yet'),
});

@ApiTags('runs')
@Controller('orgs/:orgId/runs')
export class RunLogsController {
  constructor(private readonly logs: RunLogsService) {}

  @Get(':runId/logs')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "A run's log lines in order (backend, epochs, resume, early stop, cancel, failure), paged by seq: after=<last seq read>&limit=" })
  @ApiOk(ZRunLogPage)
  @ApiResponse({ status: 404, description: 'NOT_FOUND: no such run in this organisation' })
  list(@IdParam('runId') id: string, @ZQuery(ZRunLogQuery) q: RunLogQuery, @CurrentOrg() org: OrgAccess): Promise<RunLogPage> {
    return this.logs.page(org, id, q);
  }
}
