// Critical path method over finish-to-start dependencies. Durations are in any one unit the caller
// picks (working days or working hours); every output time is an offset in that unit from time 0.
import type { CpmTaskInput } from '@meridian/domain';
import { DependencyCycleError, PlanningError } from './errors';

export interface CpmTask {
  id: string;
  name?: string;
  duration: number;
  dependsOn?: string[];
}

export interface ScheduledTask {
  id: string;
  name: string;
  duration: number;
  dependsOn: string[];
  /** Tasks that depend on this one, in input order. */
  successors: string[];
  earliestStart: number;
  earliestFinish: number;
  latestStart: number;
  latestFinish: number;
  /** How long the task can slip without moving the project end. */
  totalSlack: number;
  /** How long the task can slip without moving any successor's earliest start. */
  freeSlack: number;
  critical: boolean;
}

export interface CpmResult {
  /** Tasks in a dependency-respecting order (ties kept in input order). */
  tasks: ScheduledTask[];
  /** Longest path length: the earliest the whole project can finish. */
  projectDuration: number;
  /** Every chain of critical tasks from project start to project end, each in order. */
  criticalPaths: string[][];
  /** True when more than `maxCriticalPaths` critical paths exist and the list was cut. */
  criticalPathsTruncated: boolean;
  /** Ids of all critical tasks (total slack 0), in schedule order. */
  criticalTaskIds: string[];
}

export interface CpmOptions {
  /** Cap on enumerated critical paths (their number can grow exponentially). Default 50. */
  maxCriticalPaths?: number;
}

// Durations may be fractional hours; compare slack with a tolerance so 0.1 + 0.2 is still critical.
const EPS = 1e-9;
const zeroish = (x: number) => (Math.abs(x) < EPS ? 0 : x);

/** Validates the task list: unique ids, finite non-negative durations, known dependencies. */
function validate(tasks: readonly CpmTask[]): void {
  if (!Array.isArray(tasks)) throw new PlanningError('INVALID_INPUT', 'tasks must be an array of { id, duration, dependsOn }');
  const seen = new Map<string, number>();
  tasks.forEach((t, i) => {
    if (!t || typeof t.id !== 'string' || t.id.trim() === '') {
      throw new PlanningError('INVALID_INPUT', `tasks[${i}] has no id: every task needs a non-empty string id`, [{ path: `tasks.${i}.id`, message: 'required' }]);
    }
    if (seen.has(t.id)) {
      throw new PlanningError('DUPLICATE_TASK', `Task id "${t.id}" appears twice (positions ${seen.get(t.id)} and ${i}); ids must be unique`, [
        { path: `tasks.${i}.id`, message: 'duplicate id' },
      ]);
    }
    seen.set(t.id, i);
    if (typeof t.duration !== 'number' || !Number.isFinite(t.duration)) {
      throw new PlanningError('INVALID_DURATION', `Task "${t.id}" has duration ${String(t.duration)}; give a finite number of working days or hours`, [
        { path: `tasks.${i}.duration`, message: 'must be a finite number' },
      ]);
    }
    if (t.duration < 0) {
      throw new PlanningError('NEGATIVE_DURATION', `Task "${t.id}" has a negative duration (${t.duration}); durations must be 0 or more`, [
        { path: `tasks.${i}.duration`, message: 'cannot be negative' },
      ]);
    }
  });
  tasks.forEach((t, i) => {
    for (const dep of t.dependsOn ?? []) {
      if (!seen.has(dep)) {
        throw new PlanningError('UNKNOWN_DEPENDENCY', `Task "${t.id}" depends on "${dep}", which is not in the task list; add it or remove the dependency`, [
          { path: `tasks.${i}.dependsOn`, message: `unknown task id "${dep}"` },
        ]);
      }
    }
  });
}

/** Finds one cycle among the nodes Kahn's algorithm could not order, as [A, B, C, A]. */
function findCycle(remaining: Set<string>, deps: Map<string, string[]>, order: (id: string) => number): string[] {
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 finished
  for (const start of remaining) {
    if (state.has(start)) continue;
    // Iterative DFS: deep chains of thousands of tasks must not overflow the call stack.
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    const path: string[] = [start];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const ds = (deps.get(top.id) ?? []).filter((d) => remaining.has(d));
      if (top.next < ds.length) {
        const d = ds[top.next++];
        if (state.get(d) === 1) {
          // d depends ... on top.id; present the cycle in dependency-execution order (A before B).
          const cyc = path.slice(path.indexOf(d)).reverse();
          // Start at the task listed first in the input so the message is stable.
          let first = 0;
          for (let k = 1; k < cyc.length; k++) if (order(cyc[k]) < order(cyc[first])) first = k;
          const rotated = [...cyc.slice(first), ...cyc.slice(0, first)];
          return [...rotated, rotated[0]];
        }
        if (!state.has(d)) {
          state.set(d, 1);
          stack.push({ id: d, next: 0 });
          path.push(d);
        }
      } else {
        state.set(top.id, 2);
        stack.pop();
        path.pop();
      }
    }
  }
  /* c8 ignore next */
  throw new Error('findCycle called without a cycle');
}

/**
 * Runs the critical path method. Throws PlanningError (DUPLICATE_TASK, INVALID_DURATION,
 * NEGATIVE_DURATION, UNKNOWN_DEPENDENCY) or DependencyCycleError naming the cycle.
 */
export function computeCriticalPath(tasks: readonly (CpmTask | CpmTaskInput)[], options: CpmOptions = {}): CpmResult {
  validate(tasks);
  const maxPaths = options.maxCriticalPaths ?? 50;
  const index = new Map<string, number>();
  tasks.forEach((t, i) => index.set(t.id, i));
  const deps = new Map<string, string[]>();
  const succ = new Map<string, string[]>();
  for (const t of tasks) {
    deps.set(t.id, [...new Set(t.dependsOn ?? [])]);
    succ.set(t.id, []);
  }
  for (const t of tasks) for (const d of deps.get(t.id)!) succ.get(d)!.push(t.id);

  // Kahn's algorithm; a ready queue kept in input order gives a stable, readable schedule order.
  const indeg = new Map<string, number>();
  for (const t of tasks) indeg.set(t.id, deps.get(t.id)!.length);
  const ready: number[] = [];
  for (const t of tasks) if (indeg.get(t.id) === 0) ready.push(index.get(t.id)!);
  const order: string[] = [];
  const heap = new MinHeap(ready);
  while (heap.size) {
    const id = tasks[heap.pop()].id;
    order.push(id);
    for (const s of succ.get(id)!) {
      const n = indeg.get(s)! - 1;
      indeg.set(s, n);
      if (n === 0) heap.push(index.get(s)!);
    }
  }
  if (order.length !== tasks.length) {
    const done = new Set(order);
    const remaining = new Set(tasks.filter((t) => !done.has(t.id)).map((t) => t.id));
    throw new DependencyCycleError(findCycle(remaining, deps, (id) => index.get(id)!));
  }

  const es = new Map<string, number>();
  const ef = new Map<string, number>();
  for (const id of order) {
    const t = tasks[index.get(id)!];
    let start = 0;
    for (const d of deps.get(id)!) start = Math.max(start, ef.get(d)!);
    es.set(id, start);
    ef.set(id, start + t.duration);
  }
  let projectDuration = 0;
  for (const v of ef.values()) projectDuration = Math.max(projectDuration, v);

  const ls = new Map<string, number>();
  const lf = new Map<string, number>();
  for (let k = order.length - 1; k >= 0; k--) {
    const id = order[k];
    const t = tasks[index.get(id)!];
    let finish = projectDuration;
    for (const s of succ.get(id)!) finish = Math.min(finish, ls.get(s)!);
    lf.set(id, finish);
    ls.set(id, finish - t.duration);
  }

  const scheduled: ScheduledTask[] = order.map((id) => {
    const t = tasks[index.get(id)!];
    const successors = succ.get(id)!;
    let nextStart = projectDuration;
    for (const s of successors) nextStart = Math.min(nextStart, es.get(s)!);
    const totalSlack = zeroish(ls.get(id)! - es.get(id)!);
    return {
      id,
      name: t.name ?? id,
      duration: t.duration,
      dependsOn: deps.get(id)!,
      successors,
      earliestStart: es.get(id)!,
      earliestFinish: ef.get(id)!,
      latestStart: ls.get(id)!,
      latestFinish: lf.get(id)!,
      totalSlack,
      freeSlack: zeroish(nextStart - ef.get(id)!),
      critical: totalSlack === 0,
    };
  });

  const byId = new Map(scheduled.map((s) => [s.id, s]));
  const criticalTaskIds = scheduled.filter((s) => s.critical).map((s) => s.id);
  // A critical path follows critical tasks whose finish is exactly the next one's start.
  const starts = criticalTaskIds.filter((id) => byId.get(id)!.earliestStart === 0);
  const paths: string[][] = [];
  let truncated = false;
  const criticalNext = (id: string): string[] => {
    const last = byId.get(id)!;
    return last.successors.filter((s) => {
      const n = byId.get(s)!;
      return n.critical && Math.abs(n.earliestStart - last.earliestFinish) < EPS;
    });
  };
  // Iterative depth-first walk: a 20,000-task chain must not overflow the call stack.
  for (const s of starts) {
    if (truncated) break;
    const path: string[] = [s];
    const frames: { next: string[]; k: number }[] = [{ next: criticalNext(s), k: 0 }];
    while (frames.length && !truncated) {
      const top = frames[frames.length - 1];
      if (top.next.length === 0) {
        const last = byId.get(path[path.length - 1])!;
        if (Math.abs(last.earliestFinish - projectDuration) < EPS) {
          if (paths.length >= maxPaths) truncated = true;
          else paths.push([...path]);
        }
      }
      if (top.k < top.next.length) {
        const n = top.next[top.k++];
        path.push(n);
        frames.push({ next: criticalNext(n), k: 0 });
      } else {
        frames.pop();
        path.pop();
      }
    }
  }

  return { tasks: scheduled, projectDuration, criticalPaths: paths, criticalPathsTruncated: truncated, criticalTaskIds };
}

/** Binary min-heap of input positions, so the schedule order is stable and O(n log n). */
class MinHeap {
  private a: number[] = [];
  constructor(items: number[]) {
    for (const i of items) this.push(i);
  }
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
