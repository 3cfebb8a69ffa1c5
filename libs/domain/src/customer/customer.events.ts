import { DomainEvent } from '../shared/decider';
import { OrderPlaced } from '../order/order.events';

export type Segment = 'commercial' | 'education' | 'government' | 'nonprofit';
export const SEGMENTS: readonly Segment[] = ['commercial', 'education', 'government', 'nonprofit'];

export type CustomerCreated = DomainEvent<
  'CustomerCreated',
  { customerId: string; partnerId: string; name: string; billingCountry: string; segment: Segment; createdAt: string }
>;

export type CustomerEvent = CustomerCreated | OrderPlaced;
