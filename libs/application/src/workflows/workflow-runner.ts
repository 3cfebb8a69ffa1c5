import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AllSubscription, comparePositions, EVENT_STORE, EventStore, Position } from '../ports/event-store.port';
import { currentEvent, CurrentEvent } from '../commands/upcasting';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { Workflow, WORKFLOWS } from './workflow';

/** Where the workflows' progress is kept (in the read store, beside the read models' checkpoints). */
export const WORKFLOWS_CHECKPOINT = 'workflows.v1';
const SAVE_EVERY_MS = 200;
const MAX_BACKOFF_MS = 30_000;

/**
 * Feeds every workflow from `$all`, in log order, from its checkpoint: one pass shared
 * by all of them. An event is done when every workflow that handles it has reacted; a
 * reaction that fails is retried (growing pauses) and never skipped, so the checkpoint
 * never passes work left undone. The checkpoint is saved every 200 ms while events
 * flow, so a crash repeats at most that much (reactions are idempotent). A first start
 * over an existing log begins at its head: until then the inline paths did the work.
 */
@Injectable()
export class WorkflowRunner {
  private readonly logger = new Logger('workflows');
  private subscription: AllSubscription | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private processed: Position | null = null;
  private saved: Position | null = null;
  private saver: NodeJS.Timeout | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(WORKFLOWS) private readonly workflows: Workflow[],
  ) {}

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.run().catch((error: unknown) => this.logger.error(`workflows stopped: ${(error as Error).message}`));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.saver) clearInterval(this.saver);
    this.saver = null;
    await this.subscription?.close();
    await this.running;
    this.running = null;
    this.subscription = null;
    await this.save().catch(() => undefined);
  }

  /** Position of the last event every workflow has finished (null before the first). */
  get checkpoint(): Position | null {
    return this.processed;
  }

  private async run(): Promise<void> {
    const stored = await this.readStore.getCheckpoint(WORKFLOWS_CHECKPOINT);
    const after = stored ?? (await this.eventStore.headPosition());
    this.processed = this.saved = stored;
    if (!stored && after) {
      this.processed = after;
      await this.save();
      this.logger.log(`first start: workflows follow the log from ${after}`);
    }
    this.saver = setInterval(() => void this.save().catch((error: unknown) => this.logger.error(`checkpoint not saved: ${(error as Error).message}`)), SAVE_EVERY_MS);
    this.subscription = this.eventStore.subscribeToAll({ after });
    for await (const stored of this.subscription) {
      if (this.stopping) break;
      const event = currentEvent(stored);
      for (const workflow of this.workflows) if (workflow.handles(event)) await this.react(workflow, event);
      if (this.stopping) break;
      this.processed = event.position;
    }
  }

  private async react(workflow: Workflow, event: CurrentEvent): Promise<void> {
    for (let attempt = 1, pause = 250; ; attempt++, pause = Math.min(pause * 2, MAX_BACKOFF_MS)) {
      try {
        return await workflow.react(event);
      } catch (error) {
        this.logger.error(`${workflow.name} failed on ${event.type} ${event.id} at ${event.position} (attempt ${attempt}, retrying): ${(error as Error).message}`);
        if (this.stopping) throw error;
        await sleep(pause);
      }
    }
  }

  private async save(): Promise<void> {
    const position = this.processed;
    if (!position || comparePositions(position, this.saved) <= 0) return;
    await this.readStore.commit({ writes: [], checkpoints: [{ name: WORKFLOWS_CHECKPOINT, position }] });
    this.saved = position;
  }
}
