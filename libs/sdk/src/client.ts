import type {
  ApiKeyView,
  AuditLogView,
  CreateApiKeyInput,
  CreateOrganizationInput,
  CreateProjectInput,
  CreatedApiKeyView,
  JobView,
  LoginInput,
  MeView,
  MembershipView,
  Page,
  ProjectView,
  Role,
  SignUpInput,
  UpdateProjectBody,
} from '@meridian/domain';
import { ApiError, errorFromResponse } from './errors';
import { fairnessAuditsClient, governanceClient, modelCardsClient, risksClient } from './governance';
import { feedbackClient, financeClient } from './finance';
import { progressClient, teamClient } from './team';
import { modelsClient, runsClient } from './runs';
import { comparisonsClient } from './models';
import { retrainingTriggersClient } from './retraining-triggers';
import { retrainingClient } from './retraining';
import { datasetsClient } from './datasets';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** Origin (and optional path prefix) of the API, e.g. `http://127.0.0.1:4000`; '' for same-origin calls in a browser. */
  baseUrl: string;
  /** Defaults to the global fetch; pass one to add tracing, retries or a test double. */
  fetch?: FetchLike;
  /** An organisation API key; sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Extra headers on every request, e.g. a forwarded `cookie` from a server component. */
  headers?: Record<string, string>;
}

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface AddMemberInput {
  email: string;
  role: Role;
}

export interface PageOptions {
  limit?: number;
  cursor?: string | null;
}

export interface WaitForJobOptions {
  /** Poll interval, 500 ms by default. */
  intervalMs?: number;
  /** Give up after this long (default 5 minutes) with an ApiError code SERVICE_UNAVAILABLE. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with every polled state, including the final one. */
  onUpdate?: (job: JobView) => void;
}

const TERMINAL: ReadonlySet<JobView['status']> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function isJobFinished(job: JobView): boolean {
  return TERMINAL.has(job.status);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const seg = encodeURIComponent;

export function createClient(options: ClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(method: string, path: string, body?: unknown, init?: { signal?: AbortSignal; headers?: Record<string, string> }): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...init?.headers };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // Same-origin in the dashboard, so the httpOnly session cookie travels without CORS.
        credentials: 'same-origin',
        signal: init?.signal,
      });
    } catch (err) {
      if (init?.signal?.aborted) throw err;
      throw new ApiError({
        status: 0,
        code: 'NETWORK_ERROR',
        message: `Could not reach the API at ${baseUrl || 'this origin'}${path}: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    if (!res.ok) throw await errorFromResponse(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError({
        status: res.status,
        code: 'INVALID_RESPONSE',
        message: `The API answered ${method} ${path} with a body that is not JSON`,
        correlationId: res.headers.get('x-correlation-id'),
      });
    }
  }

  const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;

  const projects = {
    list: (orgId: string, page: PageOptions = {}) =>
      request<Page<ProjectView>>('GET', `${org(orgId)}/projects${query({ limit: page.limit, cursor: page.cursor })}`),
    /** Walks every page with the API's keyset cursor. */
    async *iterate(orgId: string, pageSize = 50): AsyncGenerator<ProjectView, void, undefined> {
      let cursor: string | null = null;
      do {
        const page: Page<ProjectView> = await projects.list(orgId, { limit: pageSize, cursor });
        yield* page.items;
        cursor = page.nextCursor;
      } while (cursor);
    },
    async listAll(orgId: string, pageSize = 50): Promise<ProjectView[]> {
      const all: ProjectView[] = [];
      for await (const p of projects.iterate(orgId, pageSize)) all.push(p);
      return all;
    },
    get: (orgId: string, projectId: string) => request<ProjectView>('GET', `${org(orgId)}/projects/${seg(projectId)}`),
    create: (orgId: string, input: CreateProjectInput | Partial<CreateProjectInput>) =>
      request<ProjectView>('POST', `${org(orgId)}/projects`, input),
    update: (orgId: string, projectId: string, input: UpdateProjectBody) =>
      request<ProjectView>('PATCH', `${org(orgId)}/projects/${seg(projectId)}`, input),
    delete: (orgId: string, projectId: string) => request<void>('DELETE', `${org(orgId)}/projects/${seg(projectId)}`),
  };

  const jobs = {
    list: (orgId: string, page: PageOptions = {}) =>
      request<Page<JobView>>('GET', `${org(orgId)}/jobs${query({ limit: page.limit, cursor: page.cursor })}`),
    get: (orgId: string, jobId: string, init?: { signal?: AbortSignal }) =>
      request<JobView>('GET', `${org(orgId)}/jobs/${seg(jobId)}`, undefined, init),
    /** Polls until the job is SUCCEEDED, FAILED or CANCELLED and returns that final state (it does not throw on FAILED). */
    async waitForJob(orgId: string, jobId: string, opts: WaitForJobOptions = {}): Promise<JobView> {
      const interval = opts.intervalMs ?? 500;
      const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
      for (;;) {
        const job = await jobs.get(orgId, jobId, { signal: opts.signal });
        opts.onUpdate?.(job);
        if (isJobFinished(job)) return job;
        if (Date.now() + interval > deadline) {
          throw new ApiError({
            status: 0,
            code: 'SERVICE_UNAVAILABLE',
            message: `Job ${jobId} is still ${job.status} after ${opts.timeoutMs ?? 300_000} ms; is a worker running?`,
          });
        }
        await sleep(interval, opts.signal);
      }
    },
  };

  return {
    baseUrl,
    auth: {
      signUp: (input: SignUpInput) => request<MeView>('POST', '/api/auth/signup', input),
      login: (input: LoginInput) => request<MeView>('POST', '/api/auth/login', input),
      logout: () => request<void>('POST', '/api/auth/logout'),
    },
    me: () => request<MeView>('GET', '/api/me'),
    orgs: {
      list: () => request<MembershipView[]>('GET', '/api/orgs'),
      create: (input: CreateOrganizationInput) => request<MembershipView>('POST', '/api/orgs', input),
    },
    projects,
    exports: {
      /**
       * Queues a `project.export` job; follow it with `waitForJob`. The same idempotency key sent
       * twice answers with the first job instead of queueing a second one.
       */
      start: (orgId: string, projectId: string, opts: { idempotencyKey?: string } = {}) =>
        request<JobView>('POST', `${org(orgId)}/projects/${seg(projectId)}/exports`, undefined, {
          headers: opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : undefined,
        }),
    },
    jobs,
    waitForJob: jobs.waitForJob,
    members: {
      list: (orgId: string) => request<MemberView[]>('GET', `${org(orgId)}/members`),
      add: (orgId: string, input: AddMemberInput) => request<MemberView>('POST', `${org(orgId)}/members`, input),
      update: (orgId: string, userId: string, input: { role: Role }) =>
        request<MemberView>('PATCH', `${org(orgId)}/members/${seg(userId)}`, input),
      remove: (orgId: string, userId: string) => request<void>('DELETE', `${org(orgId)}/members/${seg(userId)}`),
    },
    apiKeys: {
      list: (orgId: string) => request<ApiKeyView[]>('GET', `${org(orgId)}/api-keys`),
      create: (orgId: string, input: CreateApiKeyInput | { name: string; role?: Role }) =>
        request<CreatedApiKeyView>('POST', `${org(orgId)}/api-keys`, input),
      revoke: (orgId: string, keyId: string) => request<void>('DELETE', `${org(orgId)}/api-keys/${seg(keyId)}`),
    },
    team: teamClient(request),
    datasets: datasetsClient(request, { baseUrl, fetch: doFetch, apiKey: options.apiKey, headers: options.headers }),
    risks: risksClient(request),
    runs: runsClient(request, { baseUrl, fetch: doFetch, apiKey: options.apiKey, headers: options.headers }),
    models: modelsClient(request),
    modelComparisons: comparisonsClient(request),
    governance: governanceClient(request),
    fairnessAudits: fairnessAuditsClient(request),
    modelCards: modelCardsClient(request),
    progress: progressClient(request),
    finance: financeClient(request),
    feedback: feedbackClient(request),
    retrainingTriggers: retrainingTriggersClient(request),
    retraining: retrainingClient(request),
    auditLogs: {
      list: (orgId: string, page: PageOptions & { action?: string } = {}) =>
        request<Page<AuditLogView>>('GET', `${org(orgId)}/audit-logs${query({ limit: page.limit, cursor: page.cursor, action: page.action })}`),
    },
  };
}

export type MeridianClient = ReturnType<typeof createClient>;
