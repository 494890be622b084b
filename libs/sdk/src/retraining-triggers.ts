// Retraining triggers and production metrics (issue 4; risks from production models, issue 5):
// create and manage triggers, see what each judged and launched, evaluate one now (a dry run), and
// report production metrics of a model version (a re-sent observation is a no-op).
import type {
  CreateRetrainTriggerInput,
  MetricObservationQuery,
  MetricObservationsInput,
  MetricObservationsResult,
  ModelMetricSeriesView,
  RetrainTriggerCheckView,
  RetrainTriggerKind,
  RetrainTriggerView,
  TriggerEvaluation,
  UpdateRetrainTriggerInput,
} from '@meridian/domain';

export type RetrainTriggersRequester = <T>(method: string, path: string, body?: unknown) => Promise<T>;

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;
const qs = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams(Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]]))).toString();
  return s ? `?${s}` : '';
};

export type CreateRetrainTrigger = Omit<CreateRetrainTriggerInput, 'enabled' | 'config'> & { enabled?: boolean; config?: Record<string, unknown> };
export type ProductionMetricObservation = MetricObservationsInput['observations'][number];

export function retrainingTriggersClient(request: RetrainTriggersRequester) {
  return {
    list: (orgId: string, q: { projectId?: string; kind?: RetrainTriggerKind } = {}) => request<RetrainTriggerView[]>('GET', `${org(orgId)}/retraining/triggers${qs(q)}`),
    get: (orgId: string, triggerId: string) => request<RetrainTriggerView>('GET', `${org(orgId)}/retraining/triggers/${seg(triggerId)}`),
    /** A config that does not fit its kind answers 422 (ApiError.issues name `config.<field>`). */
    create: (orgId: string, input: CreateRetrainTrigger) => request<RetrainTriggerView>('POST', `${org(orgId)}/retraining/triggers`, input),
    update: (orgId: string, triggerId: string, input: UpdateRetrainTriggerInput) => request<RetrainTriggerView>('PATCH', `${org(orgId)}/retraining/triggers/${seg(triggerId)}`, input),
    setEnabled: (orgId: string, triggerId: string, enabled: boolean) => request<RetrainTriggerView>('PATCH', `${org(orgId)}/retraining/triggers/${seg(triggerId)}`, { enabled }),
    remove: (orgId: string, triggerId: string) => request<void>('DELETE', `${org(orgId)}/retraining/triggers/${seg(triggerId)}`),
    /** What the trigger judged (newest first), with the retraining event, run and risk each judgement caused. */
    checks: (orgId: string, triggerId: string, limit?: number) => request<RetrainTriggerCheckView[]>('GET', `${org(orgId)}/retraining/triggers/${seg(triggerId)}/checks${qs({ limit })}`),
    /** What the trigger would do with the current data; nothing is launched or recorded. */
    evaluate: (orgId: string, triggerId: string) => request<TriggerEvaluation>('POST', `${org(orgId)}/retraining/triggers/${seg(triggerId)}/evaluate`),
    /** Production metrics of a model version (up to 10,000 per call); on the production model, METRIC_THRESHOLD triggers are judged. */
    reportMetrics: (orgId: string, modelVersionId: string, observations: ProductionMetricObservation[]) =>
      request<MetricObservationsResult>('POST', `${org(orgId)}/models/${seg(modelVersionId)}/production-metrics`, { observations }),
    metricSeries: (orgId: string, modelVersionId: string, q: Partial<MetricObservationQuery> = {}) =>
      request<ModelMetricSeriesView>('GET', `${org(orgId)}/models/${seg(modelVersionId)}/production-metrics${qs(q)}`),
  };
}
export type RetrainingTriggersClient = ReturnType<typeof retrainingTriggersClient>;
