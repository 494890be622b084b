export { createClient, isJobFinished } from './client';
export type { ClientOptions, FetchLike, MeridianClient, MemberView, AddMemberInput, PageOptions, WaitForJobOptions } from './client';
export { ApiError, isApiError, errorFromResponse } from './errors';
export type { DatasetsClient, UploadVersionOptions, WaitForProfileOptions } from './datasets';
export type * from './finance';
export type * from './runs';
export type { RetrainingTriggersClient, CreateRetrainTrigger, ProductionMetricObservation } from './retraining-triggers';
export type { RetrainingClient, CreateRetrainSchedule, RunNowResult } from './retraining';
export type { ComparisonsClient, ComparisonFilter } from './models';
