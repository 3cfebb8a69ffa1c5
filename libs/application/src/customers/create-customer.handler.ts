import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { customerDecider } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { decideAndAppend } from '../commands/stream-decision';
import { CreateCustomerCommand, CreateCustomerResult } from './create-customer.command';
import { customerStream } from './customer-streams';

@CommandHandler(CreateCustomerCommand)
export class CreateCustomerHandler implements ICommandHandler<CreateCustomerCommand, CreateCustomerResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ input, context }: CreateCustomerCommand): Promise<CreateCustomerResult> {
    const customerId = this.ids.newId();
    const result = await decideAndAppend(
      { eventStore: this.eventStore, clock: this.clock, ids: this.ids },
      {
        stream: customerStream(customerId),
        model: customerDecider,
        newStream: true,
        context,
        decide: (state, now) =>
          customerDecider.decide(
            { type: 'CreateCustomer', customerId, partnerId: context.actor.partnerId, ...input },
            state,
            { now },
          ),
      },
    );
    return { id: customerId, revision: result.revision ?? 0, position: result.position ?? '' };
  }
}
