import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZCreateApiKeySchema, type ApiKeyView, type CreateApiKeyInput, type CreatedApiKeyView } from '@meridian/domain';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody } from '../common/zod';
import { ApiKeysService } from './api-keys.service';
import { ZApiKeyView, ZCreatedApiKeyView } from '../common/views';
import { z } from 'zod';

@ApiTags('api-keys')
@Controller('orgs/:orgId/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @OrgRole('ADMIN')
  @ApiOperation({ summary: "The organisation's API keys (never the secrets)" })
  @ApiOk(z.array(ZApiKeyView))
  list(@CurrentOrg() org: OrgAccess): Promise<ApiKeyView[]> {
    return this.keys.list(org);
  }

  @Post()
  @OrgRole('ADMIN')
  @ApiOperation({ summary: 'Create a key; the response shows the secret once. Its role cannot exceed yours.' })
  @ApiOk(ZCreatedApiKeyView, 201, 'Created; `key` is shown only here')
  create(@ZBody(ZCreateApiKeySchema) body: CreateApiKeyInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<CreatedApiKeyView> {
    return this.keys.create(actor, org, body);
  }

  @Delete(':keyId')
  @OrgRole('ADMIN')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key (it stops working at once)' })
  async revoke(@IdParam('keyId') keyId: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.keys.revoke(actor, org, keyId);
  }
}
