import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '../ports/event-store.port';
import { Workflow } from '../workflows/workflow';
import { OrderCompletion } from './order-completion';

/**
 * R7 from the log: an OrderPlaced whose subscriptions a crash left unwritten (EventStoreDB
 * appends stream after stream) gets them without the client retrying its key.
 */
@Injectable()
export class OrderCompletionWorkflow implements Workflow {
  readonly name = 'order-completion';

  constructor(private readonly completion: OrderCompletion) {}

  handles(event: RecordedEvent): boolean {
    return event.type === 'OrderPlaced';
  }

  react(event: RecordedEvent): Promise<void> {
    return this.completion.complete(event, { actor: event.metadata.actor, correlationId: event.metadata.correlationId, causationId: event.id });
  }
}
