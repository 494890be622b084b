import { JOB_NAMES, type JobName } from '@meridian/domain';
import type { JobHandler } from '@meridian/queue';

export interface ProcessorEntry {
  name: string;
  /** Where the handler comes from (class name), for the error message. */
  owner: string;
  handler: JobHandler;
}

export class JobHandlerRegistrationError extends Error {
  override name = 'JobHandlerRegistrationError';
}

/**
 * One handler per job name, no more, no less: a name without a handler would sit in the queue
 * forever, two handlers would make the outcome depend on registration order.
 */
export function buildHandlerMap(entries: ProcessorEntry[], known: readonly string[] = JOB_NAMES): Map<JobName, JobHandler> {
  const byName = new Map<string, ProcessorEntry[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const problems: string[] = [];
  const missing = known.filter((n) => !byName.has(n));
  if (missing.length) problems.push(`no handler for ${missing.map((n) => `"${n}"`).join(', ')}`);
  for (const [name, list] of byName) {
    if (!known.includes(name)) problems.push(`"${name}" (${list.map((e) => e.owner).join(', ')}) is not a JobName in @meridian/domain`);
    else if (list.length > 1) problems.push(`"${name}" has ${list.length} handlers: ${list.map((e) => e.owner).join(', ')}`);
  }
  if (problems.length) {
    throw new JobHandlerRegistrationError(`Refusing to start the job runner: ${problems.join('; ')}. Each JobName needs exactly one @JobProcessor.`);
  }
  return new Map(entries.map((e) => [e.name as JobName, e.handler]));
}
