import { PassThrough } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
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

type FieldPart = { type: 'field'; value: unknown };

function fieldValues(fields: MultipartFile['fields']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, part] of Object.entries(fields)) {
    const first = Array.isArray(part) ? part[0] : part;
    if (first && (first as FieldPart).type === 'field') out[name] = (first as FieldPart).value;
  }
  return out;
}

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
    if (!req.isMultipart()) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data with the file in a part named "file"');
    }
    let part: MultipartFile | undefined;
    try {
      // One byte over the limit reaches the store, which refuses it before anything is kept.
      part = await req.file({ limits: { fileSize: this.config.DATASET_MAX_BYTES + 1, files: 1, fields: 10, fieldSize: 10_000, parts: 12 } });
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 413) throw new AppError('PAYLOAD_TOO_LARGE', 'Too many parts or fields: send one file part named "file" and at most 10 text fields');
      throw new AppError('BAD_REQUEST', `The multipart body could not be read: ${(e as Error).message}`);
    }
    if (!part) throw AppError.validation([{ path: 'file', message: 'is required' }], 'No file in the upload: put it in a part named "file"');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw AppError.validation([{ path: part.fieldname, message: 'unexpected file part; name it "file"' }]);
    }
    const fields = ZUploadDatasetVersionFields.safeParse(fieldValues(part.fields));
    if (!fields.success) {
      part.file.resume();
      throw AppError.validation(zodIssues(fields.error));
    }
    const file = part.file;
    // The multipart parser destroys the file stream without an error when the body ends before the
    // file does (cut-off or interrupted upload), and it may do so before we start reading: relay the
    // bytes through a stream that fails loudly in that case, so the store never waits forever.
    const cutOff = 'the request body ended before the file did (interrupted upload or malformed multipart body)';
    if (file.destroyed && !file.readableEnded) throw new AppError('BAD_REQUEST', `The upload is incomplete: ${cutOff}; nothing was stored. Send the file again.`);
    const body = new PassThrough();
    file.on('error', (err) => body.destroy(err));
    file.on('close', () => {
      if (!file.readableEnded) body.destroy(new Error(cutOff));
    });
    file.pipe(body);
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
