// Challenger comparisons of the model registry (issue 4): compare a version with the project's
// champion on the same test rows, and read comparisons per project, per model version or per run.
import type { ComparisonListQuery, ModelComparisonView, Page } from '@meridian/domain';

export type ComparisonsRequester = <T>(method: string, path: string, body?: unknown, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<T>;

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;
const qs = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams(Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]]))).toString();
  return s ? `?${s}` : '';
};

export type ComparisonFilter = Partial<Pick<ComparisonListQuery, 'projectId' | 'modelVersionId' | 'runId' | 'limit'>> & { cursor?: string | null };

export interface ComparisonsClient {
  /** Queues model.compare for this version against the champion (202: the comparison, status QUEUED). */
  compare(orgId: string, modelId: string): Promise<ModelComparisonView>;
  get(orgId: string, comparisonId: string): Promise<ModelComparisonView>;
  list(orgId: string, q?: ComparisonFilter): Promise<Page<ModelComparisonView>>;
  /** Comparisons where the version was the challenger or the champion. */
  forModel(orgId: string, modelId: string, q?: { limit?: number; cursor?: string | null }): Promise<Page<ModelComparisonView>>;
  /** Polls until the comparison has finished (SUCCEEDED or FAILED). */
  waitFor(orgId: string, comparisonId: string, opts?: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal }): Promise<ModelComparisonView>;
}

export function comparisonsClient(request: ComparisonsRequester): ComparisonsClient {
  const get = (orgId: string, comparisonId: string) => request<ModelComparisonView>('GET', `${org(orgId)}/model-comparisons/${seg(comparisonId)}`);
  return {
    compare: (orgId, modelId) => request<ModelComparisonView>('POST', `${org(orgId)}/models/${seg(modelId)}/compare`),
    get,
    list: (orgId, q = {}) => request<Page<ModelComparisonView>>('GET', `${org(orgId)}/model-comparisons${qs(q)}`),
    forModel: (orgId, modelId, q = {}) => request<Page<ModelComparisonView>>('GET', `${org(orgId)}/models/${seg(modelId)}/comparisons${qs(q)}`),
    async waitFor(orgId, comparisonId, opts = {}) {
      const until = Date.now() + (opts.timeoutMs ?? 120_000);
      for (;;) {
        const c = await get(orgId, comparisonId);
        if (c.status === 'SUCCEEDED' || c.status === 'FAILED' || c.status === 'CANCELLED') return c;
        if (Date.now() > until) throw new Error(`comparison ${comparisonId} still ${c.status} after ${opts.timeoutMs ?? 120_000} ms`);
        if (opts.signal?.aborted) throw opts.signal.reason;
        await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
      }
    },
  };
}
