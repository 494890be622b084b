// Dataset methods of the client (issue 4): datasets per project, versions uploaded as multipart,
// profiles, previews, governance and downloads. Upload progress in a browser needs XMLHttpRequest
// (fetch reports none): the dashboard posts to `uploadUrl(...)` itself; everything else goes here.
import type {
  CreateDatasetInput,
  DatasetGovernanceInput,
  DatasetPreview,
  DatasetUploadResult,
  DatasetVersionDetail,
  DatasetVersionView,
  DatasetView,
  Page,
} from '@meridian/domain';
import { ApiError, errorFromResponse } from './errors';

export type DatasetsRequester = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export interface DatasetsTransport {
  baseUrl: string;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface UploadVersionOptions {
  /** Name sent with the file; its extension picks the format (.csv, .jsonl, .ndjson, .idx). */
  fileName: string;
  /** The label column: the profile's class balance is computed on it. */
  targetColumn?: string;
  signal?: AbortSignal;
}

export interface WaitForProfileOptions {
  intervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;

export function datasetsClient(request: DatasetsRequester, transport: DatasetsTransport) {
  const version = (orgId: string, datasetId: string, versionId: string) => `${org(orgId)}/datasets/${seg(datasetId)}/versions/${seg(versionId)}`;
  const client = {
    listForProject: (orgId: string, projectId: string, page: { limit?: number; cursor?: string | null } = {}) =>
      request<Page<DatasetView>>('GET', `${org(orgId)}/projects/${seg(projectId)}/datasets${qs({ limit: page.limit, cursor: page.cursor })}`),
    list: (orgId: string, opts: { projectId?: string; limit?: number; cursor?: string | null } = {}) =>
      request<Page<DatasetView>>('GET', `${org(orgId)}/datasets${qs({ projectId: opts.projectId, limit: opts.limit, cursor: opts.cursor })}`),
    create: (orgId: string, projectId: string, input: CreateDatasetInput | { name: string; description?: string }) =>
      request<DatasetView>('POST', `${org(orgId)}/projects/${seg(projectId)}/datasets`, input),
    get: (orgId: string, datasetId: string) => request<DatasetView>('GET', `${org(orgId)}/datasets/${seg(datasetId)}`),
    versions: (orgId: string, datasetId: string) => request<DatasetVersionView[]>('GET', `${org(orgId)}/datasets/${seg(datasetId)}/versions`),
    version: (orgId: string, datasetId: string, versionId: string) => request<DatasetVersionDetail>('GET', version(orgId, datasetId, versionId)),
    preview: (orgId: string, datasetId: string, versionId: string, limit = 20) =>
      request<DatasetPreview>('GET', `${version(orgId, datasetId, versionId)}/preview${qs({ limit })}`),
    updateGovernance: (orgId: string, datasetId: string, versionId: string, input: DatasetGovernanceInput) =>
      request<DatasetVersionView>('PATCH', `${version(orgId, datasetId, versionId)}/governance`, input),
    reprofile: (orgId: string, datasetId: string, versionId: string, targetColumn?: string | null) =>
      request<DatasetVersionView>('POST', `${version(orgId, datasetId, versionId)}/profile`, targetColumn === undefined ? {} : { targetColumn }),
    /** Path (under baseUrl) to POST a multipart upload to, for callers that need progress events (XMLHttpRequest). */
    uploadUrl: (orgId: string, datasetId: string) => `${transport.baseUrl}${org(orgId)}/datasets/${seg(datasetId)}/versions`,
    downloadUrl: (orgId: string, datasetId: string, versionId: string) => `${transport.baseUrl}${version(orgId, datasetId, versionId)}/download`,

    /**
     * Uploads a file (Blob/File; in Node `new Blob([buffer])` or `await fs.openAsBlob(path)`) as a new
     * version. `created` is false when the dataset already had these exact bytes.
     */
    async uploadVersion(orgId: string, datasetId: string, file: Blob, opts: UploadVersionOptions): Promise<DatasetUploadResult> {
      const form = new FormData();
      if (opts.targetColumn) form.append('targetColumn', opts.targetColumn);
      form.append('file', file, opts.fileName);
      const headers: Record<string, string> = { accept: 'application/json', ...transport.headers };
      if (transport.apiKey) headers.authorization = `Bearer ${transport.apiKey}`;
      const path = client.uploadUrl(orgId, datasetId);
      let res: Response;
      try {
        res = await transport.fetch(path, { method: 'POST', body: form, headers, credentials: 'same-origin', signal: opts.signal });
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: `Could not reach the API at ${path}: ${err instanceof Error ? err.message : String(err)}` });
      }
      if (!res.ok) throw await errorFromResponse(res);
      return (await res.json()) as DatasetUploadResult;
    },

    /** Polls until profiling is READY or FAILED and returns the version with its profile (does not throw on FAILED). */
    async waitForProfile(orgId: string, datasetId: string, versionId: string, opts: WaitForProfileOptions = {}): Promise<DatasetVersionDetail> {
      const interval = opts.intervalMs ?? 500;
      const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
      for (;;) {
        const v = await client.version(orgId, datasetId, versionId);
        if (v.profileStatus === 'READY' || v.profileStatus === 'FAILED') return v;
        if (Date.now() + interval > deadline) {
          throw new ApiError({ status: 0, code: 'SERVICE_UNAVAILABLE', message: `Dataset version ${versionId} is still ${v.profileStatus} after ${opts.timeoutMs ?? 300_000} ms; is a worker running?` });
        }
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, interval);
          opts.signal?.addEventListener('abort', () => (clearTimeout(t), reject(opts.signal?.reason)), { once: true });
        });
      }
    },
  };
  return client;
}

function qs(params: Record<string, string | number | null | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const t = s.toString();
  return t ? `?${t}` : '';
}

export type DatasetsClient = ReturnType<typeof datasetsClient>;
