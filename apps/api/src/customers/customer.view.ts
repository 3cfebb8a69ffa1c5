import { CustomerDocument } from '@ledger/application';

export interface CustomerView {
  id: string;
  name: string;
  billingCountry: string;
  segment: string;
  createdAt: string;
  revision: number;
}

export function customerView(doc: CustomerDocument): CustomerView {
  return {
    id: doc.id,
    name: doc.name,
    billingCountry: doc.billingCountry,
    segment: doc.segment,
    createdAt: doc.createdAt,
    revision: doc.revision,
  };
}
