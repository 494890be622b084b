import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { JobName, JobPayload } from '@meridian/domain';
import type { JobContext } from '@meridian/queue';

export const JOB_PROCESSOR_METADATA = 'meridian:job-processor';

/** A provider that handles one job name. Register the class in JobsModule.forRoot({ processors }). */
export interface JobProcessorHandler<N extends JobName = JobName> {
  handle(ctx: JobContext<JobPayload<N>>): Promise<unknown>;
}

/** Marks a provider as the handler of `name`; the module finds it and refuses to start on gaps or doubles. */
export function JobProcessor(name: JobName): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(JOB_PROCESSOR_METADATA, name));
}
