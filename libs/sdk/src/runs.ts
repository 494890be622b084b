// Training runs and the model registry (issue 4): start and follow runs, log runs trained
// elsewhere (metric batches of up to 50,000 points), compare, and use the model registry.
import type { CreateRunInput, ExternalRunInput, MetricSeries, ModelAliasEventView, ModelAliasName, ModelVersionView, Page, PredictInput, RunEstimate, RunArtifactView, RunEstimateInput, RunLogPage, RunView } from '@meridian/domain';
import { ApiError, errorFromResponse } from './errors';

export type RunsRequester = <T>(method: string, path: string, body?: unknown, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<T>;

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;
const qs = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams(Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]]))).toString();
  return s ? `?${s}` : '';
};

export interface MetricPointInput {
  key: string;
  step: number;
  value: number;
  time?: string | number;
}

export interface CompareView {
  runs: RunView[];
  keys: string[];
  series: Array<{ runId: string; name: string; series: MetricSeries[] }>;
  paramDiff: Array<{ name: string; values: unknown[] }>;
  params: Array<{ name: string; values: unknown[] }>;
  finalMetrics: Array<{ runId: string; values: Record<string, number>; testMetrics: unknown }>;
}

export interface ModelDetailView extends ModelVersionView {
  lineage: {
    run: { id: string; name: string; preset: string | null; specHash: string | null; labelColumn: string | null; seed: number; epochsDone: number; backendUsed: string | null; status: string } | null;
    datasetVersion: { id: string; datasetId: string; version: number; fileName: string; contentHash: string; rowCount: number | null } | null;
    project: { id: string; name: string; goalMetric: string | null; goalThreshold: number | null } | null;
    specHash: string | null;
    preprocessing: unknown;
  };
}

export interface PredictionView {
  modelVersionId: string;
  version: number;
  predictions: Array<{ label?: string; scores?: Record<string, number>; value?: number; values?: number[] }>;
}

/** Raw HTTP for the calls that are not JSON (artifact upload and download); the client passes its own. */
export interface RunsTransport {
  baseUrl: string;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  apiKey?: string;
  headers?: Record<string, string>;
}

export function runsClient(request: RunsRequester, transport?: RunsTransport) {
  const raw = async (path: string, init: RequestInit): Promise<Response> => {
    if (!transport) throw new Error('this client was made without a transport; use createClient');
    const headers: Record<string, string> = { accept: 'application/json', ...transport.headers, ...(init.headers as Record<string, string> | undefined) };
    if (transport.apiKey) headers.authorization = `Bearer ${transport.apiKey}`;
    const url = `${transport.baseUrl}${path}`;
    let res: Response;
    try {
      res = await transport.fetch(url, { ...init, headers, credentials: 'same-origin' });
    } catch (err) {
      throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: `Could not reach the API at ${url}: ${err instanceof Error ? err.message : String(err)}` });
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  };
  return {
    create: (orgId: string, input: Partial<CreateRunInput> & Pick<CreateRunInput, 'projectId' | 'datasetVersionId' | 'labelColumn'>, opts: { idempotencyKey?: string } = {}) =>
      request<RunView>('POST', `${org(orgId)}/runs`, input, opts.idempotencyKey ? { headers: { 'idempotency-key': opts.idempotencyKey } } : undefined),
    estimate: (orgId: string, q: { datasetVersionId: string; preset?: string; epochs?: number; backend?: string; labelColumn?: string }) =>
      request<RunEstimate & { assumptions: string }>('GET', `${org(orgId)}/runs/estimate${qs(q)}`),
    /** The estimate of the run a form would start (preset or spec, split, transform); a spec that does not fit answers 422 naming spec.<path>. */
    estimateRun: (orgId: string, input: Partial<RunEstimateInput> & Pick<RunEstimateInput, 'datasetVersionId'>) =>
      request<RunEstimate & { assumptions: string }>('POST', `${org(orgId)}/runs/estimate`, input),
    list: (orgId: string, q: { projectId?: string; status?: RunView['status']; limit?: number; cursor?: string | null } = {}) =>
      request<Page<RunView>>('GET', `${org(orgId)}/runs${qs(q)}`),
    get: (orgId: string, runId: string) => request<RunView>('GET', `${org(orgId)}/runs/${seg(runId)}`),
    cancel: (orgId: string, runId: string) => request<RunView>('POST', `${org(orgId)}/runs/${seg(runId)}/cancel`),
    metrics: (orgId: string, runId: string, q: { keys?: string[]; maxPoints?: number } = {}) =>
      request<{ runId: string; series: MetricSeries[] }>('GET', `${org(orgId)}/runs/${seg(runId)}/metrics${qs({ keys: q.keys?.join(','), maxPoints: q.maxPoints })}`),
    compare: (orgId: string, runIds: string[], q: { keys?: string[]; maxPoints?: number } = {}) =>
      request<CompareView>('GET', `${org(orgId)}/runs/compare${qs({ ids: runIds.join(','), keys: q.keys?.join(','), maxPoints: q.maxPoints })}`),
    /** A run trained elsewhere; log its metrics with logMetrics and close it with finish. */
    createExternal: (orgId: string, input: Partial<ExternalRunInput> & Pick<ExternalRunInput, 'projectId' | 'name'>) => request<RunView>('POST', `${org(orgId)}/runs/external`, input),
    logMetrics: (orgId: string, runId: string, points: MetricPointInput[]) =>
      request<{ received: number; inserted: number }>('POST', `${org(orgId)}/runs/${seg(runId)}/metrics`, { points }),
    finish: (orgId: string, runId: string, input: { status: 'SUCCEEDED' | 'FAILED'; testMetrics?: Record<string, number>; error?: string }) =>
      request<RunView>('POST', `${org(orgId)}/runs/${seg(runId)}/finish`, input),
    /**
     * Logs a file (Blob/File; in Node `new Blob([buffer])` or `await fs.openAsBlob(path)`) to an external
     * run as a multipart upload; `name` defaults to the file name and must be new in the run.
     */
    uploadArtifact: async (orgId: string, runId: string, file: Blob, opts: { name: string; contentType?: string }): Promise<RunArtifactView> => {
      const form = new FormData();
      form.append('name', opts.name);
      form.append('file', opts.contentType ? new Blob([file], { type: opts.contentType }) : file, opts.name);
      return (await (await raw(`${org(orgId)}/runs/${seg(runId)}/artifacts`, { method: 'POST', body: form })).json()) as RunArtifactView;
    },
    artifacts: (orgId: string, runId: string) => request<RunArtifactView[]>('GET', `${org(orgId)}/runs/${seg(runId)}/artifacts`),
    /** The artifact's bytes; the server checks them against its SHA-256 while sending, and so does this method before it returns. */
    downloadArtifact: async (orgId: string, runId: string, artifact: Pick<RunArtifactView, 'id' | 'sha256'>): Promise<Uint8Array> => {
      const res = await raw(`${org(orgId)}/runs/${seg(runId)}/artifacts/${seg(artifact.id)}`, { method: 'GET', headers: { accept: '*/*' } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
      if (digest !== artifact.sha256) throw new ApiError({ status: 0, code: 'INTERNAL', message: `artifact ${artifact.id}: received bytes hash to ${digest}, not ${artifact.sha256}` });
      return bytes;
    },
    datasetVersions: (orgId: string, projectId?: string) => request<TrainableVersionView[]>('GET', `${org(orgId)}/runs/dataset-versions${qs({ projectId })}`),
    /** The run's log lines with a seq after `after` (default 0: from the first), up to `limit` (default 200, at most 1000). */
    logs: (orgId: string, runId: string, q: { after?: number; limit?: number } = {}) => request<RunLogPage>('GET', `${org(orgId)}/runs/${seg(runId)}/logs${qs(q)}`),
    /** Every log line of the run, following nextAfter page by page. */
    allLogs: async (orgId: string, runId: string): Promise<RunLogPage['lines']> => {
      const lines: RunLogPage['lines'] = [];
      let after: number | null = 0;
      while (after !== null) {
        const page: RunLogPage = await request<RunLogPage>('GET', `${org(orgId)}/runs/${seg(runId)}/logs${qs({ after, limit: 1000 })}`);
        lines.push(...page.lines);
        after = page.nextAfter;
      }
      return lines;
    },
    /** Same-origin URL of the run's server-sent events (for EventSource in a browser); logsAfter: the last log seq already shown. */
    eventsPath: (orgId: string, runId: string, opts: { logsAfter?: number } = {}) => `${org(orgId)}/runs/${seg(runId)}/events${qs({ logsAfter: opts.logsAfter })}`,
  };
}

export function modelsClient(request: RunsRequester) {
  return {
    list: (orgId: string, q: { projectId?: string; limit?: number; cursor?: string | null } = {}) => request<Page<ModelVersionView>>('GET', `${org(orgId)}/models${qs(q)}`),
    get: (orgId: string, modelId: string) => request<ModelDetailView>('GET', `${org(orgId)}/models/${seg(modelId)}`),
    setAlias: (orgId: string, modelId: string, alias: ModelAliasName, reason: string) =>
      request<ModelVersionView & { gate: { ok: boolean; reasons: string[] } | null }>('POST', `${org(orgId)}/models/${seg(modelId)}/aliases/${seg(alias)}`, { reason }),
    aliasHistory: (orgId: string, modelId: string) => request<ModelAliasEventView[]>('GET', `${org(orgId)}/models/${seg(modelId)}/aliases/history`),
    predict: (orgId: string, modelId: string, rows: PredictInput['rows']) => request<PredictionView>('POST', `${org(orgId)}/models/${seg(modelId)}/predict`, { rows }),
  };
}

export interface TrainableVersionView {
  id: string;
  datasetId: string;
  datasetName: string;
  projectId: string;
  version: number;
  fileName: string;
  format: string;
  rowCount: number | null;
  targetColumn: string | null;
  columns: string[];
}
