import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, Position } from '../ports/event-store.port';
import { READ_STORE, ReadStore } from '../ports/read-store.port';
import { LogBatch, LogProcessor } from '../consumer/log-processor';
import { Workflow, WORKFLOWS } from './workflow';

/** Where the workflows' progress is kept (in the read store, beside the read models' checkpoints). */
export const WORKFLOWS_CHECKPOINT = 'workflows.v1';

/**
 * Every workflow as one processor of the log consumer, in log order: an event is done
 * when every workflow that handles it has reacted. The checkpoint is committed after the
 * effects (never before: a crash repeats reactions, which are idempotent, and never skips
 * one); a reaction that throws hands the batch back to the consumer, which retries from
 * the checkpoint with its backoff. What the batch finished before the failure is
 * committed first, so only the rest is repeated. A first start over an existing log
 * begins at its head: until then the inline paths did the work.
 */
@Injectable()
export class WorkflowRunner implements LogProcessor {
  readonly name = 'workflows';
  private readonly logger = new Logger('workflows');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(WORKFLOWS) private readonly workflows: Workflow[],
  ) {}

  async resume(): Promise<Position | null> {
    const stored = await this.readStore.getCheckpoint(WORKFLOWS_CHECKPOINT);
    if (stored) return stored;
    const head = await this.eventStore.headPosition();
    if (head) {
      await this.save(head);
      this.logger.log(`first start: workflows follow the log from ${head}`);
    }
    return head;
  }

  async handle(batch: LogBatch): Promise<void> {
    let done: Position | null = null;
    for (const event of batch.events) {
      for (const workflow of this.workflows) {
        if (!workflow.handles(event)) continue;
        try {
          await workflow.react(event);
        } catch (error) {
          if (done) await this.save(done);
          throw new Error(`${workflow.name} failed on ${event.type} ${event.id} at ${event.position}: ${(error as Error).message}`);
        }
      }
      done = event.position;
    }
    await this.save(batch.end);
  }

  private async save(position: Position): Promise<void> {
    await this.readStore.commit({ writes: [], checkpoints: [{ name: WORKFLOWS_CHECKPOINT, position }] });
  }
}
