import { rollUp } from './rollup.js';
import { MAJOR_STEP_FAILED_MESSAGE, type Result, type StepConditionType, type StepPriority } from './vocabulary.js';

/** What the step rules need to know of a step; the ingestion layer carries the rest alongside. */
export interface StepFacts {
  /** Undefined when the report did not say (derived from children, or from a MAJOR failure before it). */
  result?: Result;
  skipped?: boolean;
  message?: string | null;
  priority?: StepPriority | null;
  conditionType?: StepConditionType | null;
  ignoreResult?: boolean | null;
  children?: StepFacts[];
}

export interface ResolvedStep {
  result: Result;
  skipped: boolean;
  message: string | null;
  children: ResolvedStep[];
}

export type StepProblem = { path: number[]; field: 'result'; message: string };

/**
 * Fills in step results the way the original automator does (reference.md §4.2): a failed MAJOR step
 * leaves every later sibling NOT_EXECUTED with the message "Major Test step failed .", and a group takes
 * the roll-up of its children. A later step reported as anything but NOT_EXECUTED contradicts the report.
 */
export function resolveSteps(steps: readonly StepFacts[], path: number[] = []): ResolvedStep[] | StepProblem {
  const resolved: ResolvedStep[] = [];
  let majorFailed = false;
  for (const [index, step] of steps.entries()) {
    const here = [...path, index];
    if (majorFailed) {
      if (step.result !== undefined && step.result !== 'NOT_EXECUTED') {
        return { path: here, field: 'result', message: `is ${step.result}, but a MAJOR step before it failed, so it cannot have run` };
      }
      const children = resolveSteps(step.children ?? [], here);
      if (!Array.isArray(children)) return children;
      resolved.push({ result: 'NOT_EXECUTED', skipped: false, message: step.message ?? MAJOR_STEP_FAILED_MESSAGE, children });
      continue;
    }
    const children = resolveSteps(step.children ?? [], here);
    if (!Array.isArray(children)) return children;
    const derived = rollUp(children.filter((_, i) => counts(step.children![i]!)).map((c) => c.result));
    const result = step.result ?? derived;
    if (result === undefined) return { path: here, field: 'result', message: 'is required for a step without child steps' };
    if (step.result === 'SUCCESS' && derived !== undefined && derived !== 'SUCCESS' && derived !== 'NOT_EXECUTED') {
      return { path: here, field: 'result', message: `is SUCCESS, but its child steps roll up to ${derived}` };
    }
    resolved.push({ result, skipped: step.skipped ?? false, message: step.message ?? null, children });
    if (result === 'FAILURE' && (step.priority ?? 'MAJOR') === 'MAJOR' && counts(step)) majorFailed = true;
  }
  return resolved;
}

/** Whether a step counts towards its case: not an if/else/loop step, not ignored (reference.md §4.1). */
export function counts(step: Pick<StepFacts, 'conditionType' | 'ignoreResult'>): boolean {
  return (step.conditionType ?? 'NOT_USED') === 'NOT_USED' && !step.ignoreResult;
}

/** A case's result from its top-level steps; SUCCESS when no step counts (the automator starts from SUCCESS). */
export function caseResultFromSteps(steps: readonly StepFacts[], resolved: readonly ResolvedStep[]): Result {
  return rollUp(resolved.filter((_, i) => counts(steps[i]!)).map((s) => s.result)) ?? 'SUCCESS';
}

/**
 * The message of the step a case failed through: the first failed MAJOR step, depth first, that says
 * something. A report script that prints a failed case's message then has one to print.
 */
export function failedStepMessage(steps: readonly (Pick<StepFacts, 'priority' | 'conditionType' | 'ignoreResult'> & { result: Result; message: string | null; children: readonly unknown[] })[]): string | null {
  for (const step of steps) {
    if (step.result !== 'FAILURE' || (step.priority ?? 'MAJOR') !== 'MAJOR' || !counts(step)) continue;
    const inner = failedStepMessage(step.children as typeof steps);
    if (inner) return inner;
    if (step.message) return step.message;
  }
  return null;
}

/** What orders a step among its siblings, and under which parent. */
export interface PlacedStep {
  id: string;
  parentId: string | null;
  startTime: number | null;
  position: number;
}

/**
 * Steps in the order they are shown and counted (`position`): depth first, each group right before its
 * children, siblings by start time, then in the order they came. Ways in that report steps one by one
 * (ReportPortal sends a group's children after its later siblings, and siblings concurrently) keep this
 * order by renumbering after each new step.
 */
export function depthFirstOrder<S extends PlacedStep>(steps: readonly S[]): S[] {
  const children = new Map<string | null, S[]>();
  for (const s of steps) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s]);
  const byStart = (a: S, b: S) => (a.startTime ?? Infinity) - (b.startTime ?? Infinity) || a.position - b.position;
  const out: S[] = [];
  const stack = [...(children.get(null) ?? [])].sort(byStart).reverse();
  while (stack.length) {
    const s = stack.pop()!;
    out.push(s);
    stack.push(...[...(children.get(s.id) ?? [])].sort(byStart).reverse());
  }
  return out;
}
