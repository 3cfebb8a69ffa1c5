import type { Schemas } from '../api/client';

/** R8's refusal codes in words, for the people who read the catalog and the cart. */
export const REASON_WORDS: Record<Schemas['Reason']['code'], string> = {
  'offer-not-found': 'This offer is not in the catalog.',
  'customer-not-found': 'This customer does not exist for your partner.',
  'one-per-customer': 'Only one subscription per customer: the customer already has one (or this order has it twice).',
  'suspended-subscription-exists': 'The customer has a suspended subscription to this offer: reactivate it instead of buying.',
  'country-not-supported': "Not sold in the customer's billing country.",
  'segment-not-supported': "Not sold to the customer's segment.",
  'exclusive-offer': 'Exclusive to other partners.',
  'not-transactable': 'Usage-based ISV offer: it must be bought from the publisher, not here.',
  'invalid-quantity': 'The seat count is outside what the offer allows (usage-based offers take none).',
  'invalid-term': 'A new-commerce offer needs one of its purchase options.',
  'invalid-term-end-date': 'The chosen term end is not allowed: it must be the end of a calendar month or the term end of another subscription with the same term, after today and no later than a full first term.',
};

export function reasonInWords(reason: Schemas['Reason']): string {
  return REASON_WORDS[reason.code] ?? reason.message;
}
