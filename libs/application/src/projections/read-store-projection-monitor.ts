import { comparePositions, EventStore, Position } from '../ports/event-store.port';
import { ReadStore } from '../ports/read-store.port';
import { ProjectionLag, ProjectionMonitor } from './projection-monitor';

const POLL_MS = 10;

/** Lag from the checkpoints the runner commits with each batch. */
export class ReadStoreProjectionMonitor implements ProjectionMonitor {
  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly projections: string[],
  ) {}

  async lag(): Promise<ProjectionLag[]> {
    const head = await this.eventStore.headPosition();
    return Promise.all(
      this.projections.map(async (projection) => {
        const checkpoint = await this.readStore.getCheckpoint(projection);
        return { projection, checkpoint, head, caughtUp: comparePositions(checkpoint, head) >= 0 };
      }),
    );
  }

  async waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const checkpoints = await Promise.all(this.projections.map((name) => this.readStore.getCheckpoint(name)));
      if (checkpoints.every((checkpoint) => comparePositions(checkpoint, position) >= 0)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
