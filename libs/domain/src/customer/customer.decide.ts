import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { CustomerCommand } from './customer.commands';
import { CustomerEvent, SEGMENTS } from './customer.events';
import { CustomerState, evolveCustomer, initialCustomerState } from './customer.state';

/** R4: a customer has a name, an ISO 3166-1 alpha-2 billing country and a segment. */
export function decideCustomer(command: CustomerCommand, state: CustomerState, { now }: { now: Date }): CustomerEvent[] {
  switch (command.type) {
    case 'CreateCustomer': {
      if (state.status !== 'none') {
        throw new DomainError('customer-exists', `customer ${command.customerId} already exists`);
      }
      const name = command.name.trim();
      if (name.length === 0) throw new DomainError('invalid-name', 'a customer needs a non-empty name');
      if (!/^[A-Z]{2}$/.test(command.billingCountry)) {
        throw new DomainError('invalid-country', `billing country must be ISO 3166-1 alpha-2, got ${command.billingCountry}`);
      }
      if (!SEGMENTS.includes(command.segment)) {
        throw new DomainError('invalid-segment', `segment must be one of ${SEGMENTS.join(', ')}`);
      }
      return [
        {
          type: 'CustomerCreated',
          data: {
            customerId: command.customerId,
            partnerId: command.partnerId,
            name,
            billingCountry: command.billingCountry,
            segment: command.segment,
            createdAt: now.toISOString(),
          },
        },
      ];
    }
  }
}

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide: decideCustomer,
};
