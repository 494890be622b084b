export { JobsModule, JobRunnerService, type JobsModuleOptions } from './jobs.module';
export { JobProcessor, JOB_PROCESSOR_METADATA, type JobProcessorHandler } from './processor';
export { buildHandlerMap, JobHandlerRegistrationError, type ProcessorEntry } from './handler-map';
export { JobRecordTracker, JobCancelledError, type JobRecordTrackerOptions } from './job-records';
export { ALL_PROCESSORS, ProjectExportProcessor, PROJECT_EXPORT_FORMAT, type ProjectExport, DatasetProfileProcessor, type DatasetProfileResult } from './processors';
export { runInWorkerThread, WorkerThreadError, type WorkerThreadOptions } from './worker-thread';
export { JOBS_DATABASE, JOBS_QUEUE, JOBS_OPTIONS, JOBS_ARTIFACTS } from './tokens';
export { requeueUnfinished } from './recover';
