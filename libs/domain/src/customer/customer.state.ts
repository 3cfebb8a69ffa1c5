import { CustomerEvent, Segment } from './customer.events';

export type CustomerState =
  | { status: 'none' }
  | {
      status: 'created';
      customerId: string;
      partnerId: string;
      name: string;
      billingCountry: string;
      segment: Segment;
      createdAt: string;
    };

export const initialCustomerState: CustomerState = { status: 'none' };

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerCreated':
      return { status: 'created', ...event.data };
    default:
      return state;
  }
}
