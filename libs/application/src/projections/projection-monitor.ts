import { Position } from '../ports/event-store.port';
import { CatchUpProgress } from './projection-activity';

/** How far one projection is behind the log; computed from the read store's checkpoints. */
export interface ProjectionLag {
  projection: string;
  checkpoint: Position | null;
  head: Position | null;
  caughtUp: boolean;
}

export interface ProjectionMonitor {
  lag(): Promise<ProjectionLag[]>;
  /** This process's catch-up (events behind, events/s, ETA), when its runner reports one. */
  catchUp(): CatchUpProgress | null;
  /** Resolves true once every projection's checkpoint is at or past `position`; false on timeout. */
  waitFor(position: Position, timeoutMs: number): Promise<boolean>;
}

export const PROJECTION_MONITOR = Symbol('ProjectionMonitor');
