import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZCreateProjectSchema, ZPageQuery, ZUpdateProjectBody, type CreateProjectInput, type Page, type PageQuery, type ProjectView, type UpdateProjectBody } from '@meridian/domain';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { ProjectsService } from './projects.service';
import { ZProjectView, page } from '../common/views';

@ApiTags('projects')
@Controller('orgs/:orgId/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Projects, newest first, keyset-paginated (pass nextCursor as cursor)' })
  @ApiOk(page(ZProjectView))
  list(@ZQuery(ZPageQuery) q: PageQuery, @CurrentOrg() org: OrgAccess): Promise<Page<ProjectView>> {
    return this.projects.list(org, q);
  }

  @Post()
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a project' })
  @ApiOk(ZProjectView, 201, 'Created')
  @ApiResponse({ status: 409, description: 'CONFLICT: the name is taken in this organisation' })
  @ApiResponse({ status: 422, description: 'UNPROCESSABLE: a stage after PLANNING whose entry criteria a new project cannot meet' })
  create(@ZBody(ZCreateProjectSchema) body: CreateProjectInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<ProjectView> {
    return this.projects.create(actor, org, body);
  }

  @Get(':projectId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One project' })
  @ApiOk(ZProjectView)
  get(@IdParam('projectId') id: string, @CurrentOrg() org: OrgAccess): Promise<ProjectView> {
    return this.projects.get(org, id);
  }

  @Patch(':projectId')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Change some fields of a project; a move forward into a stage is checked against its entry criteria (see /lifecycle)' })
  @ApiOk(ZProjectView)
  @ApiResponse({ status: 422, description: 'UNPROCESSABLE: entry criteria of the new stage are not met (one issue on `stage` each); an OWNER/ADMIN may resend with stageOverrideReason' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN: stageOverrideReason from a member below ADMIN' })
  update(@IdParam('projectId') id: string, @ZBody(ZUpdateProjectBody) body: UpdateProjectBody, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<ProjectView> {
    const { stageOverrideReason, ...input } = body;
    return this.projects.update(org, id, input, { actor, overrideReason: stageOverrideReason });
  }

  @Delete(':projectId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a project (audited)' })
  async delete(@IdParam('projectId') id: string, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.projects.delete(actor, org, id);
  }
}
