import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZPageQuery, type AuditLogView, type Page } from '@meridian/domain';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, ZQuery } from '../common/zod';
import { AUDIT_ACTIONS, AuditService } from './audit.service';
import { ZAuditLogView, page } from '../common/views';

export const ZAuditQuery = ZPageQuery.extend({ action: z.enum(AUDIT_ACTIONS).optional() });

@ApiTags('audit')
@Controller('orgs/:orgId/audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Audit log, newest first (ADMIN+): sign-ins, sign-ups, membership and key changes, deletions' })
  @ApiOk(page(ZAuditLogView))
  list(@ZQuery(ZAuditQuery) q: z.output<typeof ZAuditQuery>, @CurrentOrg() org: OrgAccess): Promise<Page<AuditLogView>> {
    return this.audit.list(org.organizationId, q);
  }
}
