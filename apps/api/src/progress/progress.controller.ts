import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ZCreateMilestoneBody,
  ZCreateProjectTaskSchema,
  ZDeleteTaskQuery,
  ZMilestoneQuery,
  ZPlanQuery,
  ZRecordObservationSchema,
  ZUpdateProjectTaskSchema,
  type CreateMilestoneBody,
  type CreateProjectTaskInput,
  type DeleteTaskQuery,
  type LifecycleView,
  type MilestoneView,
  type ProjectPlanView,
  type RecordObservationInput,
  type TaskView,
  type UpdateProjectTaskInput,
} from '@meridian/domain';
import { z } from 'zod';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { ProgressService } from './progress.service';
import { ZLifecycleView, ZMilestoneView, ZProjectPlanView, ZTaskView } from './progress.views';

@ApiTags('progress')
@Controller('orgs/:orgId')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get('milestones')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'SMART milestones with their status (ACHIEVED, ON_TRACK, AT_RISK, MISSED) as of a day (default today)' })
  @ApiOk(z.array(ZMilestoneView))
  milestones(@ZQuery(ZMilestoneQuery) q: z.infer<typeof ZMilestoneQuery>, @CurrentOrg() org: OrgAccess): Promise<MilestoneView[]> {
    return this.progress.milestones(org, q);
  }

  @Post('milestones')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a milestone: metric, threshold, direction, start, deadline, owner' })
  @ApiOk(ZMilestoneView, 201, 'Created')
  createMilestone(@ZBody(ZCreateMilestoneBody) body: CreateMilestoneBody, @CurrentOrg() org: OrgAccess): Promise<MilestoneView> {
    return this.progress.createMilestone(org, body);
  }

  @Get('milestones/:milestoneId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One milestone with its value history' })
  @ApiOk(ZMilestoneView)
  milestone(@IdParam('milestoneId') id: string, @CurrentOrg() org: OrgAccess): Promise<MilestoneView> {
    return this.progress.milestone(org, id);
  }

  @Delete('milestones/:milestoneId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a milestone (its tasks stay, unlinked)' })
  async deleteMilestone(@IdParam('milestoneId') id: string, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.progress.deleteMilestone(org, id);
  }

  @Post('milestones/:milestoneId/observations')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Record a measured value of the milestone’s metric; the status updates from it' })
  @ApiOk(ZMilestoneView, 201, 'Created')
  observe(@IdParam('milestoneId') id: string, @ZBody(ZRecordObservationSchema) body: RecordObservationInput, @CurrentOrg() org: OrgAccess): Promise<MilestoneView> {
    return this.progress.recordObservation(org, id, body);
  }

  @Get('projects/:projectId/tasks')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'A project’s tasks in board order' })
  @ApiOk(z.array(ZTaskView))
  tasks(@IdParam('projectId') projectId: string, @CurrentOrg() org: OrgAccess): Promise<TaskView[]> {
    return this.progress.tasks(org, projectId);
  }

  @Post('projects/:projectId/tasks')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a task (estimate in working days, finish-to-start dependencies)' })
  @ApiOk(ZTaskView, 201, 'Created')
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the dependencies would form a cycle (named), or refer to unknown tasks; nothing is saved' })
  createTask(@IdParam('projectId') projectId: string, @ZBody(ZCreateProjectTaskSchema) body: CreateProjectTaskInput, @CurrentOrg() org: OrgAccess): Promise<TaskView> {
    return this.progress.createTask(org, projectId, body);
  }

  @Patch('projects/:projectId/tasks/:taskId')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Change a task: status (kanban move), estimate, assignee, dependencies (replace the list)' })
  @ApiOk(ZTaskView)
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: the dependencies would form a cycle (named); nothing is saved' })
  updateTask(
    @IdParam('projectId') projectId: string,
    @IdParam('taskId') id: string,
    @ZBody(ZUpdateProjectTaskSchema) body: UpdateProjectTaskInput,
    @CurrentOrg() org: OrgAccess,
  ): Promise<TaskView> {
    return this.progress.updateTask(org, projectId, id, body);
  }

  @Delete('projects/:projectId/tasks/:taskId')
  @OrgRole('MEMBER')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a task; when other tasks depend on it, 409 names them unless detach=true (then those dependencies go too)' })
  @ApiResponse({ status: 409, description: 'CONFLICT: other tasks depend on this one (named); nothing deleted' })
  async deleteTask(@IdParam('projectId') projectId: string, @IdParam('taskId') id: string, @ZQuery(ZDeleteTaskQuery) q: DeleteTaskQuery, @CurrentOrg() org: OrgAccess): Promise<void> {
    await this.progress.deleteTask(org, projectId, id, q);
  }

  @Get('projects/:projectId/plan')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Critical path (CPM), Gantt dates on working days and the burn-up of done work' })
  @ApiOk(ZProjectPlanView)
  plan(@IdParam('projectId') projectId: string, @ZQuery(ZPlanQuery) q: z.infer<typeof ZPlanQuery>, @CurrentOrg() org: OrgAccess): Promise<ProjectPlanView> {
    return this.progress.plan(org, projectId, q);
  }

  @Get('projects/:projectId/lifecycle')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Lifecycle stage entry criteria checked against the platform’s data (UNKNOWN where it cannot tell)' })
  @ApiOk(ZLifecycleView)
  lifecycle(@IdParam('projectId') projectId: string, @CurrentOrg() org: OrgAccess): Promise<LifecycleView> {
    return this.progress.lifecycle(org, projectId);
  }
}
