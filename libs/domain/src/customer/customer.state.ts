import { Segment } from '../catalog/segment';
import { GrowingIndex } from '../shared/growing-index';
import { CustomerEvent } from './customer.events';

export interface PlacedOrderRef {
  orderId: string;
  requestHash: string;
}

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
      /** R8c/R9: subscriptions bought of each one-per-customer offer (their status decides if they still hold it). */
      heldOnePerCustomer: Record<string, string[]>;
      /** R10: orders by idempotency key. */
      ordersByKey: GrowingIndex<PlacedOrderRef>;
    };

export const initialCustomerState: CustomerState = { status: 'none' };

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerCreated':
      return {
        status: 'created',
        customerId: event.data.customerId,
        partnerId: event.data.partnerId,
        name: event.data.name,
        billingCountry: event.data.billingCountry,
        segment: event.data.segment,
        createdAt: event.data.createdAt,
        heldOnePerCustomer: {},
        ordersByKey: GrowingIndex.empty(),
      };
    case 'OrderPlaced': {
      if (state.status !== 'created') return state;
      const held = { ...state.heldOnePerCustomer };
      for (const line of event.data.lines) {
        if (line.onePerCustomer) held[line.offer.offerId] = [...(held[line.offer.offerId] ?? []), line.subscriptionId];
      }
      return {
        ...state,
        heldOnePerCustomer: held,
        ordersByKey: state.ordersByKey.with(event.data.idempotencyKey, { orderId: event.data.orderId, requestHash: event.data.requestHash }),
      };
    }
    default:
      return state;
  }
}
