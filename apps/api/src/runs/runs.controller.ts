import { Controller, Get, Headers, HttpCode, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  MAX_METRIC_POINTS_PER_REQUEST,
  ZCompareQuery,
  ZCreateRunSchema,
  ZExternalRunSchema,
  ZFinishExternalRunSchema,
  ZMetricBatchSchema,
  ZMetricSeriesQuery,
  ZRunEstimateQuery,
  ZRunEstimateSchema,
  type RunEstimateInput,
  ZRunListQuery,
  type CreateRunInput,
  type ExternalRunInput,
  type MetricBatchInput,
  type Page,
  type RunListQuery,
  type RunView,
} from '@meridian/domain';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import type { OrgAccess } from '../common/context';
import { CurrentOrg, OrgRole } from '../common/decorators';
import { fieldValues, readFilePart, relayFile } from '../common/multipart';
import { InjectConfig } from '../common/tokens';
import type { ApiConfig } from '../config';
import { ApiOk, IdParam, ZBody, ZQuery } from '../common/zod';
import { RunEventsService } from './run-events.service';
import { RunsService } from './runs.service';
import { ZRunView } from './views';

/**
 * A metric batch may carry MAX_METRIC_POINTS_PER_REQUEST (50,000) points: ~100 bytes of JSON each
 * with an ISO time, ~230 with a 100-character key and full-precision values, so the global 1 MiB
 * body limit (about 10,000 short points) is raised for this route only.
 */
export const METRIC_BATCH_BODY_LIMIT = 16 * 1024 * 1024;

const ZTrainableQuery = z.object({ projectId: z.string().max(64).optional() });
const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,200}$/;

@ApiTags('runs')
@Controller('orgs/:orgId/runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly events: RunEventsService,
    @InjectConfig() private readonly config: ApiConfig,
  ) {}

  @Post()
  @OrgRole('MEMBER')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a training run (queues training.run); a preset or a spec, a dataset version and its label column' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key with the same body returns the run the first request made; with another body: 409 IDEMPOTENCY_KEY_REUSED' })
  @ApiOk(ZRunView, 202, 'Accepted: the run, QUEUED')
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: e.g. a label column the dataset version does not have, or an invalid spec' })
  @ApiResponse({ status: 422, description: 'UNPROCESSABLE: the spec does not fit the dataset version (input size, output units, label kind); issues name spec.<path>' })
  @ApiResponse({ status: 409, description: 'IDEMPOTENCY_KEY_REUSED: the key was used for a different request body; issues name the fields that differ' })
  create(@ZBody(ZCreateRunSchema) body: CreateRunInput, @Headers('idempotency-key') key: string | undefined, @CurrentOrg() org: OrgAccess): Promise<RunView> {
    if (key !== undefined && !IDEMPOTENCY_KEY_RE.test(key)) {
      throw AppError.validation([{ path: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters', expected: 'string' }]);
    }
    return this.runs.create(org, body, key ?? null);
  }

  @Get('estimate')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "Cost and time estimate of a preset run before it starts: training rows x epochs at the model's samples/s on the backend (scaled from the measured presets)" })
  estimate(@ZQuery(ZRunEstimateQuery) q: z.infer<typeof ZRunEstimateQuery>, @CurrentOrg() org: OrgAccess) {
    return this.runs.estimate(org, { ...q, split: { fractions: [0.8, 0.1, 0.1], stratify: true }, transform: { numeric: 'standardize', exclude: [] } });
  }

  @Post('estimate')
  @OrgRole('VIEWER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cost and time estimate of the run a form would start (preset or spec, split, transform); a spec is checked like POST /runs' })
  @ApiResponse({ status: 422, description: 'UNPROCESSABLE: the spec does not fit the dataset version; issues name spec.<path>' })
  estimateRun(@ZBody(ZRunEstimateSchema) body: RunEstimateInput, @CurrentOrg() org: OrgAccess) {
    return this.runs.estimate(org, body);
  }

  @Get('dataset-versions')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Dataset versions a run can train on (with their columns once profiled), newest first' })
  trainable(@ZQuery(ZTrainableQuery) q: z.infer<typeof ZTrainableQuery>, @CurrentOrg() org: OrgAccess) {
    return this.runs.trainableVersions(org, q.projectId);
  }

  @Get('compare')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Compare runs: overlaid downsampled series (LTTB), parameter diff, final metrics' })
  compare(@ZQuery(ZCompareQuery) q: z.infer<typeof ZCompareQuery>, @CurrentOrg() org: OrgAccess) {
    return this.runs.compare(org, q);
  }

  @Post('external')
  @OrgRole('MEMBER')
  @HttpCode(201)
  @ApiOperation({ summary: 'Log a run trained elsewhere (params, tags); then POST its metrics in batches' })
  @ApiOk(ZRunView, 201, 'Created')
  createExternal(@ZBody(ZExternalRunSchema) body: ExternalRunInput, @CurrentOrg() org: OrgAccess): Promise<RunView> {
    return this.runs.createExternal(org, body);
  }

  @Get()
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Runs, newest first; filter by project and status' })
  list(@ZQuery(ZRunListQuery) q: RunListQuery, @CurrentOrg() org: OrgAccess): Promise<Page<RunView>> {
    return this.runs.list(org, q);
  }

  @Get(':runId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'One run' })
  @ApiOk(ZRunView)
  get(@IdParam('runId') id: string, @CurrentOrg() org: OrgAccess): Promise<RunView> {
    return this.runs.get(org, id);
  }

  @Post(':runId/cancel')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a queued or running run (the trainer stops within a batch)' })
  @ApiOk(ZRunView)
  cancel(@IdParam('runId') id: string, @CurrentOrg() org: OrgAccess): Promise<RunView> {
    return this.runs.cancel(org, id);
  }

  @Post(':runId/finish')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an external run SUCCEEDED or FAILED, with its test metrics' })
  @ApiOk(ZRunView)
  finish(@IdParam('runId') id: string, @ZBody(ZFinishExternalRunSchema) body: z.infer<typeof ZFinishExternalRunSchema>, @CurrentOrg() org: OrgAccess): Promise<RunView> {
    return this.runs.finishExternal(org, id, body);
  }

  @Get(':runId/metrics')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Metric series of a run, downsampled on the server (LTTB) to maxPoints per key' })
  metrics(@IdParam('runId') id: string, @ZQuery(ZMetricSeriesQuery) q: z.infer<typeof ZMetricSeriesQuery>, @CurrentOrg() org: OrgAccess) {
    return this.runs.series(org, id, q);
  }

  @Post(':runId/metrics')
  @OrgRole('MEMBER')
  @HttpCode(200)
  @RouteConfig({
    bodyLimit: METRIC_BATCH_BODY_LIMIT,
    bodyTooLarge: `A metric batch may be at most ${METRIC_BATCH_BODY_LIMIT / 1024 / 1024} MiB of JSON (and ${MAX_METRIC_POINTS_PER_REQUEST.toLocaleString('en')} points); split the points over several requests (a point resent with the same key and step is ignored)`,
  })
  @ApiOperation({ summary: 'Log a batch of metric points to an external run (up to 50,000 points and 16 MiB of JSON per request; a point resent with the same key and step is ignored)' })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: the body is over 16 MiB; split the batch' })
  logMetrics(@IdParam('runId') id: string, @ZBody(ZMetricBatchSchema) body: MetricBatchInput, @CurrentOrg() org: OrgAccess) {
    return this.runs.logMetrics(org, id, body);
  }

  @Post(':runId/artifacts')
  @OrgRole('MEMBER')
  @ApiOperation({ summary: 'Log a file to an external run (multipart/form-data: the file in a part named "file", optional text field "name" before it); streamed to the artifact store and hashed' })
  @ApiConsumes('multipart/form-data')
  @ApiResponse({ status: 201, description: 'The artifact (name, size, SHA-256)' })
  @ApiResponse({ status: 409, description: 'CONFLICT: not an external run, or the name is taken in this run' })
  @ApiResponse({ status: 413, description: 'PAYLOAD_TOO_LARGE: the file exceeds RUN_ARTIFACT_MAX_BYTES; nothing was kept' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_MEDIA_TYPE: not multipart/form-data' })
  async uploadArtifact(@IdParam('runId') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply, @CurrentOrg() org: OrgAccess): Promise<void> {
    const part = await readFilePart(req, { maxBytes: this.config.RUN_ARTIFACT_MAX_BYTES, fields: 2, fieldSize: 1_000, what: 'the artifact' });
    const nameField = fieldValues(part.fields).name;
    const name = nameField === undefined ? undefined : String(nameField);
    const file = part.file;
    const body = relayFile(part);
    try {
      const artifact = await this.runs.uploadArtifact(org, id, { fileName: part.filename, name, contentType: part.mimetype || 'application/octet-stream', stream: body, truncated: () => file.truncated });
      await reply.status(201).send(artifact);
    } finally {
      // Refused before reading (not external, name taken): drain the rest so the connection can answer.
      file.resume();
    }
  }

  @Get(':runId/artifacts')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: "The run's artifacts (name, size, SHA-256), oldest first" })
  artifacts(@IdParam('runId') id: string, @CurrentOrg() org: OrgAccess) {
    return this.runs.listArtifacts(org, id);
  }

  @Get(':runId/artifacts/:artifactId')
  @OrgRole('VIEWER')
  @ApiOperation({ summary: 'Download an artifact, streamed and checked against its SHA-256 (a corrupt object aborts the transfer)' })
  @ApiProduces('application/octet-stream')
  async downloadArtifact(@IdParam('runId') id: string, @IdParam('artifactId') artifactId: string, @CurrentOrg() org: OrgAccess, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const a = await this.runs.downloadArtifact(org, id, artifactId);
    void reply.header('etag', `"${a.sha256}"`);
    const safeName = a.name.replace(/[^\w.-]+/g, '_');
    return new StreamableFile(a.stream, { type: a.contentType, length: a.sizeBytes, disposition: `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(a.name)}` }).setErrorHandler(() => undefined);
  }

  @Get(':runId/events')
  @OrgRole('VIEWER')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live updates of a run as server-sent events: status, progress and new metric points' })
  async stream(@IdParam('runId') id: string, @CurrentOrg() org: OrgAccess, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const run = await this.runs.get(org, id);
    await this.events.stream(run, req, reply);
  }
}
