import { PlaceOrder } from '../order/order.commands';
import { Segment } from '../catalog/segment';

export interface CreateCustomer {
  type: 'CreateCustomer';
  customerId: string;
  partnerId: string;
  name: string;
  billingCountry: string;
  segment: Segment;
}

export type CustomerCommand = CreateCustomer | PlaceOrder;
