// Scheduled retraining (issue 4): cron schedules read in a time zone, pause/resume, run now, the
// history of every retraining launch (schedules, run now, triggers) with its run and comparison,
// and the per-project retraining policy.
import type {
  CreateRetrainScheduleInput,
  CronPreview,
  Page,
  RetrainEventStatus,
  RetrainEventView,
  RetrainNowInput,
  RetrainPolicyInput,
  RetrainPolicyView,
  RetrainScheduleView,
  UpdateRetrainScheduleInput,
} from '@meridian/domain';

export type RetrainingRequester = <T>(method: string, path: string, body?: unknown, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<T>;

const seg = encodeURIComponent;
const org = (orgId: string) => `/api/orgs/${seg(orgId)}`;
const qs = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams(Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]]))).toString();
  return s ? `?${s}` : '';
};

/** Optional fields get the API's defaults (timezone UTC, catchUp SKIP, not paused, champion's run, its dataset). */
export type CreateRetrainSchedule = Pick<CreateRetrainScheduleInput, 'projectId' | 'name' | 'cron'> & Partial<Omit<CreateRetrainScheduleInput, 'projectId' | 'name' | 'cron'>>;

/** What a launch did: STARTED (runId), SKIPPED or FAILED (reason), DUPLICATE (duplicateOfId), with its history event. */
export type RunNowResult =
  | { status: 'STARTED'; eventId: string; runId: string; event: RetrainEventView }
  | { status: 'SKIPPED' | 'FAILED'; eventId: string; reason: string; event: RetrainEventView }
  | { status: 'DUPLICATE'; eventId: string; duplicateOfId: string; event: RetrainEventView };

export function retrainingClient(request: RetrainingRequester) {
  const base = (orgId: string) => `${org(orgId)}/retraining`;
  return {
    listSchedules: (orgId: string, q: { projectId?: string } = {}) => request<RetrainScheduleView[]>('GET', `${base(orgId)}/schedules${qs(q)}`),
    getSchedule: (orgId: string, scheduleId: string) => request<RetrainScheduleView>('GET', `${base(orgId)}/schedules/${seg(scheduleId)}`),
    createSchedule: (orgId: string, input: CreateRetrainSchedule) => request<RetrainScheduleView>('POST', `${base(orgId)}/schedules`, input),
    updateSchedule: (orgId: string, scheduleId: string, input: UpdateRetrainScheduleInput) => request<RetrainScheduleView>('PATCH', `${base(orgId)}/schedules/${seg(scheduleId)}`, input),
    deleteSchedule: (orgId: string, scheduleId: string) => request<void>('DELETE', `${base(orgId)}/schedules/${seg(scheduleId)}`),
    pause: (orgId: string, scheduleId: string) => request<RetrainScheduleView>('POST', `${base(orgId)}/schedules/${seg(scheduleId)}/pause`),
    resume: (orgId: string, scheduleId: string) => request<RetrainScheduleView>('POST', `${base(orgId)}/schedules/${seg(scheduleId)}/resume`),
    /** One MANUAL retraining now; the same idempotencyKey twice launches once. */
    runNow: (orgId: string, scheduleId: string, opts: { idempotencyKey?: string } = {}) =>
      request<RunNowResult>('POST', `${base(orgId)}/schedules/${seg(scheduleId)}/run-now`, {}, opts.idempotencyKey ? { headers: { 'idempotency-key': opts.idempotencyKey } } : undefined),
    /** Retrain a project now without a schedule (cause MANUAL). */
    runNowForProject: (orgId: string, input: RetrainNowInput, opts: { idempotencyKey?: string } = {}) =>
      request<RunNowResult>('POST', `${base(orgId)}/run-now`, input, opts.idempotencyKey ? { headers: { 'idempotency-key': opts.idempotencyKey } } : undefined),
    /** A cron in words and its next fire times in a time zone; 422 when the cron or time zone is invalid. */
    cronPreview: (orgId: string, q: { cron: string; timezone?: string; count?: number }) => request<CronPreview>('GET', `${base(orgId)}/cron-preview${qs(q)}`),
    events: (orgId: string, q: { projectId?: string; scheduleId?: string; triggerId?: string; status?: RetrainEventStatus; limit?: number; cursor?: string | null } = {}) =>
      request<Page<RetrainEventView>>('GET', `${base(orgId)}/events${qs(q)}`),
    event: (orgId: string, eventId: string) => request<RetrainEventView>('GET', `${base(orgId)}/events/${seg(eventId)}`),
    getPolicy: (orgId: string, projectId: string) => request<RetrainPolicyView>('GET', `${org(orgId)}/projects/${seg(projectId)}/retraining-policy`),
    putPolicy: (orgId: string, projectId: string, input: RetrainPolicyInput) => request<RetrainPolicyView>('PUT', `${org(orgId)}/projects/${seg(projectId)}/retraining-policy`, input),
  };
}

export type RetrainingClient = ReturnType<typeof retrainingClient>;
