import type { ErrorIssue, PlanningErrorCode } from '@meridian/domain';

/** Every planning failure carries a code (see PLANNING_ERROR_CODES) and the offending paths. */
export class PlanningError extends Error {
  override readonly name: string = 'PlanningError';
  constructor(
    readonly code: PlanningErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
  }
}

/** A dependency cycle; `cycle` lists the task ids in order, first id repeated last: [A, B, C, A]. */
export class DependencyCycleError extends PlanningError {
  override readonly name = 'DependencyCycleError';
  constructor(readonly cycle: string[]) {
    super(
      'DEPENDENCY_CYCLE',
      `Task dependencies form a cycle: ${cycle.join(' → ')}. Remove one of these dependencies so the plan can be ordered.`,
      [{ path: `tasks.${cycle[0]}.dependsOn`, message: `cycle ${cycle.join(' → ')}` }],
    );
  }
}
