import { CurrentEvent } from '../commands/upcasting';

/**
 * A process manager (DESIGN.md "Workflows"): what must follow an event, finished from the
 * log whatever happened to the process that wrote it. Its decisions are pure deciders
 * (event in, commands out, deterministic ids); `react` carries them out and must be
 * safe to run again for the same event (after a crash, or when the inline fast path
 * already did the work).
 */
export interface Workflow {
  readonly name: string;
  /** Cheap test on the event alone: does this workflow care? */
  handles(event: CurrentEvent): boolean;
  react(event: CurrentEvent): Promise<void>;
}

export const WORKFLOWS = Symbol('Workflows');
