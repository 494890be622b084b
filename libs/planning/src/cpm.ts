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

/** Finds one cycle among the task positions Kahn's algorithm could not order, as ids [A, B, C, A]. */
function findCycle(remaining: readonly number[], deps: readonly number[][], ids: readonly string[]): string[] {
  const inRest = new Uint8Array(ids.length);
  for (const r of remaining) inRest[r] = 1;
  const state = new Uint8Array(ids.length); // 1 on the stack, 2 finished
  for (const start of remaining) {
    if (state[start]) continue;
    // Iterative DFS: deep chains of thousands of tasks must not overflow the call stack.
    const stack: { v: number; next: number }[] = [{ v: start, next: 0 }];
    const path: number[] = [start];
    state[start] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const ds = deps[top.v];
      let d = -1;
      while (top.next < ds.length && d < 0) {
        const c = ds[top.next++];
        if (inRest[c]) d = c;
      }
      if (d >= 0) {
        if (state[d] === 1) {
          // path holds "depends on" links; reverse it into execution order (A before B).
          const cyc = path.slice(path.indexOf(d)).reverse();
          // Start at the task listed first in the input so the message is stable.
          let first = 0;
          for (let k = 1; k < cyc.length; k++) if (cyc[k] < cyc[first]) first = k;
          const rotated = [...cyc.slice(first), ...cyc.slice(0, first)].map((v) => ids[v]);
          return [...rotated, rotated[0]];
        }
        if (!state[d]) {
          state[d] = 1;
          stack.push({ v: d, next: 0 });
          path.push(d);
        }
      } else {
        state[top.v] = 2;
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
  const n = tasks.length;
  const ids = tasks.map((t) => t.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  // Positions instead of ids from here on: typed arrays keep 100k-task plans fast.
  const deps: number[][] = tasks.map((t) => [...new Set((t.dependsOn ?? []).map((d) => index.get(d)!))]);
  const succ: number[][] = tasks.map(() => []);
  for (let i = 0; i < n; i++) for (const d of deps[i]) succ[d].push(i);
  const dur = Float64Array.from(tasks, (t) => t.duration);

  // Kahn's algorithm; a ready heap keyed by input position gives a stable, readable order.
  const indeg = Int32Array.from(deps, (d) => d.length);
  const heap = new MinHeap([]);
  for (let i = 0; i < n; i++) if (indeg[i] === 0) heap.push(i);
  const order: number[] = [];
  while (heap.size) {
    const v = heap.pop();
    order.push(v);
    for (const s of succ[v]) if (--indeg[s] === 0) heap.push(s);
  }
  if (order.length !== n) {
    const done = new Uint8Array(n);
    for (const v of order) done[v] = 1;
    const remaining: number[] = [];
    for (let i = 0; i < n; i++) if (!done[i]) remaining.push(i);
    throw new DependencyCycleError(findCycle(remaining, deps, ids));
  }

  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  let projectDuration = 0;
  for (const v of order) {
    let start = 0;
    for (const d of deps[v]) if (ef[d] > start) start = ef[d];
    es[v] = start;
    ef[v] = start + dur[v];
    if (ef[v] > projectDuration) projectDuration = ef[v];
  }
  const ls = new Float64Array(n);
  const lf = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k];
    let finish = projectDuration;
    for (const s of succ[v]) if (ls[s] < finish) finish = ls[s];
    lf[v] = finish;
    ls[v] = finish - dur[v];
  }

  const critical = new Uint8Array(n);
  const scheduled: ScheduledTask[] = order.map((v) => {
    const t = tasks[v];
    let nextStart = projectDuration;
    for (const s of succ[v]) if (es[s] < nextStart) nextStart = es[s];
    const totalSlack = zeroish(ls[v] - es[v]);
    if (totalSlack === 0) critical[v] = 1;
    return {
      id: t.id,
      name: t.name ?? t.id,
      duration: t.duration,
      dependsOn: deps[v].map((d) => ids[d]),
      successors: succ[v].map((s) => ids[s]),
      earliestStart: es[v],
      earliestFinish: ef[v],
      latestStart: ls[v],
      latestFinish: lf[v],
      totalSlack,
      freeSlack: zeroish(nextStart - ef[v]),
      critical: totalSlack === 0,
    };
  });

  const criticalOrder = order.filter((v) => critical[v]);
  // A critical path follows critical tasks whose finish is exactly the next one's start.
  const criticalNext = (v: number): number[] => succ[v].filter((s) => critical[s] && Math.abs(es[s] - ef[v]) < EPS);
  const paths: string[][] = [];
  let truncated = false;
  // Iterative depth-first walk: a 20,000-task chain must not overflow the call stack.
  for (const s of criticalOrder) {
    if (truncated) break;
    if (es[s] !== 0) continue;
    const path: number[] = [s];
    const frames: { next: number[]; k: number }[] = [{ next: criticalNext(s), k: 0 }];
    while (frames.length && !truncated) {
      const top = frames[frames.length - 1];
      if (top.next.length === 0 && top.k === 0 && Math.abs(ef[path[path.length - 1]] - projectDuration) < EPS) {
        if (paths.length >= maxPaths) truncated = true;
        else paths.push(path.map((v) => ids[v]));
      }
      if (top.k < top.next.length) {
        const nx = top.next[top.k++];
        path.push(nx);
        frames.push({ next: criticalNext(nx), k: 0 });
      } else {
        frames.pop();
        path.pop();
      }
    }
  }

  return { tasks: scheduled, projectDuration, criticalPaths: paths, criticalPathsTruncated: truncated, criticalTaskIds: criticalOrder.map((v) => ids[v]) };
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
      const tmp = a[p];
      a[p] = a[i];
      a[i] = tmp;
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
        const tmp = a[m];
        a[m] = a[i];
        a[i] = tmp;
        i = m;
      }
    }
    return top;
  }
}
