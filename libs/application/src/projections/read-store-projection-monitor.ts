import { comparePositions, EventStore, Position } from '../ports/event-store.port';
import { ReadStore } from '../ports/read-store.port';
import { CatchUpProgress, ProjectionActivity } from './projection-activity';
import { ProjectionLag, ProjectionMonitor } from './projection-monitor';

/** Checks the checkpoints again at least this often: a runner in another process sends no signal. */
const CROSS_PROCESS_POLL_MS = 50;

/**
 * Lag from the checkpoints the runner commits with each batch. A waiter on
 * `consistentWith` is woken by the in-process runner's commit (no polling delay) and
 * falls back to reading the checkpoints when the runner lives in another process.
 */
export class ReadStoreProjectionMonitor implements ProjectionMonitor {
  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    /** Each read model's name (shown) and its checkpoint (name and version). */
    private readonly projections: Array<{ name: string; checkpoint: string }>,
    private readonly activity: ProjectionActivity = new ProjectionActivity(),
  ) {}

  async lag(): Promise<ProjectionLag[]> {
    const head = await this.eventStore.headPosition();
    return Promise.all(
      this.projections.map(async ({ name, checkpoint: checkpointName }) => {
        const checkpoint = await this.readStore.getCheckpoint(checkpointName);
        return { projection: name, checkpoint, head, caughtUp: comparePositions(checkpoint, head) >= 0 };
      }),
    );
  }

  catchUp(): CatchUpProgress | null {
    return this.activity.catchUp();
  }

  async waitFor(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.activity.hasCommitted(position) || (await this.checkpointsReached(position))) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.activity.nextCommit(Math.min(left, CROSS_PROCESS_POLL_MS));
    }
  }

  private async checkpointsReached(position: Position): Promise<boolean> {
    for (const { checkpoint } of this.projections) if (comparePositions(await this.readStore.getCheckpoint(checkpoint), position) < 0) return false;
    return true;
  }
}
