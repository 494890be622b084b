import { Controller, Get, Patch, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ZCreateDatasetSchema,
  ZDatasetGovernanceSchema,
  ZDatasetPreviewQuery,
  ZListDatasetsQuery,
  ZUploadDatasetVersionFields,
  type CreateDatasetInput,
  type DatasetGovernanceInput,
  type DatasetPreview,
  type DatasetVersionDetail,
  type DatasetVersionView,
  type DatasetView,
  type Page,
} from '@meridian/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, zodIssues } from '../common/app-error';
import type { Actor, OrgAccess } from '../common/context';
import { CurrentActor, CurrentOrg, OrgRole } from '../common/decorators';
import { fieldValues, readFilePart, relayFile } from '../common/multipart';
import { InjectConfig } from '../common/tokens';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { page } from '../common/views';
import type { ApiConfig } from '../config';
import { DatasetsService } from './datasets.service';
import { ZDatasetPreview, ZDatasetUploadResult, ZDatasetVersionDetail, ZDatasetVersionView, ZDatasetView } from './datasets.views';

/** `METHOD /path` of the routes that read multipart bodies; everywhere else such a body answers 415. */
export const MULTIPART_ROUTES: ReadonlySet<string> = new Set(['POST /api/orgs/:orgId/datasets/:datasetId/versions', 'POST /api/orgs/:orgId/runs/:runId/artifacts']);

const ZOrgDatasetsQuery = ZListDatasetsQuery.extend({ projectId: z.string().max(64).optional() });
const ZReprofileBody = z.object({ targetColumn: z.string().trim().min(1).max(200).nullable().optional() }).default({});


@ApiTags('datasets')
@Controller('orgs/:orgId')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    @InjectConfig() private readonly config: ApiConfig,
  ) {}

  @Post('projects/:projectId/datasets')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Create a dataset in a project (then upload versions to it)' })
  @ApiOk(ZDatasetView, 201, 'Created')
  @ApiResponse({ status: 409, description: 'CONFLICT: the name is taken in this project' })
  create(@IdParam('projectId') projectId: string, @ZBody(ZCreateDatasetSchema) body: CreateDatasetInput, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<DatasetView> {
    return this.datasets.create(actor, org, projectId, body);
  }

  @Get('projects/:projectId/datasets')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "A project's datasets, newest first, with their latest version" })
  @ApiOk(page(ZDatasetView))
  listForProject(@IdParam('projectId') projectId: string, @ZQuery(ZListDatasetsQuery) q: z.infer<typeof ZListDatasetsQuery>, @CurrentOrg() org: OrgAccess): Promise<Page<DatasetView>> {
    return this.datasets.list(org, { ...q, projectId });
  }

  @Get('datasets')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "The organisation's datasets (optionally of one project), newest first" })
  @ApiOk(page(ZDatasetView))
  list(@ZQuery(ZOrgDatasetsQuery) q: z.infer<typeof ZOrgDatasetsQuery>, @CurrentOrg() org: OrgAccess): Promise<Page<DatasetView>> {
    return this.datasets.list(org, q);
  }

  @Get('datasets/:datasetId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One dataset with its latest version' })
  @ApiOk(ZDatasetView)
  get(@IdParam('datasetId') id: string, @CurrentOrg() org: OrgAccess): Promise<DatasetView> {
    return this.datasets.get(org, id);
  }

  @Post('datasets/:datasetId/versions')
  @OrgRole('MEMBER')
  @ApiOperation({
    summary: 'Upload a file as a new version (multipart/form-data)',
    description:
      'Send the file in a part named `file` (.csv, .jsonl/.ndjson, .idx); optional text fields (before the file part): `targetColumn`. The file streams to the artifact store; bytes this dataset already has answer 200 with the existing version, new bytes 201 and queue `dataset.profile`. Larger than DATASET_MAX_BYTES answers 413 and stores nothing.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { targetColumn: { type: 'string' }, file: { type: 'string', format: 'binary' } } } })
  @ApiOk(ZDatasetUploadResult, 201, 'Created: a new version')
  @ApiOk(ZDatasetUploadResult, 200, 'The same bytes were already a version of this dataset')
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: the file exceeds DATASET_MAX_BYTES; nothing was kept' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: not multipart/form-data' })
  async upload(@IdParam('datasetId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply, @CurrentActor() actor: Actor, @CurrentOrg() org: OrgAccess): Promise<void> {
    const part = await readFilePart(req, { maxBytes: this.config.DATASET_MAX_BYTES, fields: 10, fieldSize: 10_000, what: 'the file' });
    const fields = ZUploadDatasetVersionFields.safeParse(fieldValues(part.fields));
    if (!fields.success) {
      part.file.resume();
      throw AppError.validation(zodIssues(fields.error));
    }
    const file = part.file;
    const body = relayFile(part);
    const result = await this.datasets.upload(actor, org, id, { fileName: part.filename, stream: body, truncated: () => file.truncated, fields: fields.data });
    await reply.status(result.created ? 201 : 200).send(result);
  }

  @Get('datasets/:datasetId/versions')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "A dataset's versions, newest first (without profiles)" })
  @ApiOk(z.array(ZDatasetVersionView))
  listVersions(@IdParam('datasetId') id: string, @CurrentOrg() org: OrgAccess): Promise<DatasetVersionView[]> {
    return this.datasets.listVersions(org, id);
  }

  @Get('datasets/:datasetId/versions/:versionId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One version with its profile (null until profileStatus is READY)' })
  @ApiOk(ZDatasetVersionDetail)
  getVersion(@IdParam('datasetId') id: string, @IdParam('versionId') versionId: string, @CurrentOrg() org: OrgAccess): Promise<DatasetVersionDetail> {
    return this.datasets.getVersion(org, id, versionId);
  }

  @Get('datasets/:datasetId/versions/:versionId/preview')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'The first rows of the file (captured while profiling; 409 until profileStatus is READY)' })
  @ApiOk(ZDatasetPreview)
  preview(@IdParam('datasetId') id: string, @IdParam('versionId') versionId: string, @ZQuery(ZDatasetPreviewQuery) q: z.infer<typeof ZDatasetPreviewQuery>, @CurrentOrg() org: OrgAccess): Promise<DatasetPreview> {
    return this.datasets.preview(org, id, versionId, q.limit);
  }

  @Post('datasets/:datasetId/versions/:versionId/profile')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Profile the version again (after a failure, or with another targetColumn)' })
  @ApiOk(ZDatasetVersionView, 201, 'Queued')
  reprofile(@IdParam('datasetId') id: string, @IdParam('versionId') versionId: string, @ZBody(ZReprofileBody) body: z.infer<typeof ZReprofileBody>, @CurrentOrg() org: OrgAccess): Promise<DatasetVersionView> {
    return this.datasets.reprofile(org, id, versionId, body.targetColumn);
  }

  @Patch('datasets/:datasetId/versions/:versionId/governance')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Change governance fields of a version (audited: who changed what, from and to)' })
  @ApiOk(ZDatasetVersionView)
  governance(
    @IdParam('datasetId') id: string,
    @IdParam('versionId') versionId: string,
    @ZBody(ZDatasetGovernanceSchema) body: DatasetGovernanceInput,
    @CurrentActor() actor: Actor,
    @CurrentOrg() org: OrgAccess,
  ): Promise<DatasetVersionView> {
    return this.datasets.updateGovernance(actor, org, id, versionId, body);
  }

  @Get('datasets/:datasetId/versions/:versionId/download')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'The file, streamed and checked against its SHA-256 (a corrupt object aborts the transfer)' })
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/octet-stream')
  @ApiResponse({ status: 200, description: 'The bytes; ETag is the SHA-256' })
  async download(@IdParam('datasetId') id: string, @IdParam('versionId') versionId: string, @CurrentOrg() org: OrgAccess): Promise<StreamableFile> {
    const f = await this.datasets.download(org, id, versionId);
    const safeName = f.fileName.replace(/[^\w.-]+/g, '_');
    return new StreamableFile(f.stream, { type: f.contentType, length: f.sizeBytes, disposition: `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}` }).setErrorHandler(() => undefined);
  }
}
