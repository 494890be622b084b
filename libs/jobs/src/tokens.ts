/** The Database (from @meridian/db) processors read and write. */
export const JOBS_DATABASE = Symbol.for('meridian.jobs.database');
/** The JobQueue (from @meridian/queue) the runner consumes. */
export const JOBS_QUEUE = Symbol.for('meridian.jobs.queue');
export const JOBS_OPTIONS = Symbol.for('meridian.jobs.options');
/** The ArtifactStore (from @meridian/artifacts) holding dataset files, checkpoints and models. */
export const JOBS_ARTIFACTS = Symbol.for('meridian.jobs.artifacts');
