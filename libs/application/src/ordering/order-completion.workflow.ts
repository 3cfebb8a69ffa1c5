import { Injectable } from '@nestjs/common';
import { CurrentEvent } from '../commands/upcasting';
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

  handles(event: CurrentEvent): boolean {
    return event.type === 'OrderPlaced';
  }

  async react(event: CurrentEvent): Promise<void> {
    if (event.type !== 'OrderPlaced') return;
    await this.completion.complete(event.data, { actor: event.metadata.actor, correlationId: event.metadata.correlationId, causationId: event.id });
  }
}
