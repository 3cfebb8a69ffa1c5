import { DomainEvent } from '../shared/decider';
import { Segment } from '../catalog/segment';
import { OrderPlaced } from '../order/order.events';

export type CustomerCreated = DomainEvent<
  'CustomerCreated',
  { customerId: string; partnerId: string; name: string; billingCountry: string; segment: Segment; createdAt: string }
>;

export type CustomerEvent = CustomerCreated | OrderPlaced;
