/** R18: every refused subscription transition has one of these codes (HTTP 409). */
export const SUBSCRIPTION_REFUSALS = {
  notFound: 'subscription-not-found',
  exists: 'subscription-exists',
  terminal: 'subscription-terminal',
  notActive: 'subscription-not-active',
  notSuspended: 'subscription-not-suspended',
  dataDeletionPassed: 'data-deletion-passed',
  cancellationScheduled: 'cancellation-already-scheduled',
  quantityDecreaseNotAllowed: 'quantity-decrease-not-allowed',
  invalidQuantity: 'invalid-quantity',
  trialQuantityChange: 'trial-quantity-change',
  quantityNotApplicable: 'quantity-not-applicable',
  invalidSuspensionReason: 'invalid-suspension-reason',
} as const;

export const SUSPENSION_REASONS = ['customer-request', 'non-payment', 'fraud', 'other'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];
