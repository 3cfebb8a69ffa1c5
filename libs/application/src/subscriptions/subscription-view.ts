import { money, Money, Subscription } from '@ledger/domain';
import { cancellationWindowEnd } from '@ledger/domain';

/** API.md "Subscription": every field present, null where it does not apply. */
export interface SubscriptionView {
  id: string;
  customerId: string;
  orderId: string;
  offerId: string;
  offerName: string;
  publisher: string;
  publisherName: string | null;
  billingType: string;
  category: string;
  billingFrequency: string;
  unitPrice: Money;
  quantity: number | null;
  status: string;
  inTrial: boolean;
  trialEndsAt: string | null;
  termStartedAt: string;
  termEndsAt: string;
  autoRenew: boolean;
  cancelAt: string | null;
  cancellationWindowEndsAt: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  dataDeletionAt: string | null;
  serviceAccess: boolean;
  provisioningUrl: string | null;
  parentSubscriptionId: string | null;
  addOnIds: string[];
  createdAt: string;
  revision: number;
  /** R25-R29 (API.md): new-commerce fields; on a legacy subscription `program` is 'legacy' and the rest null. */
  program: 'legacy' | 'new-commerce';
  termDuration: string | null;
  billingCycleStartedAt: string | null;
  billingCycleEndsAt: string | null;
  cancellationAllowedUntil: string | null;
  refundableQuantity: Array<{ quantity: number; until: string }> | null;
  scheduledChanges: { quantity?: number; termDuration?: string; billingFrequency?: string } | null;
}

/** What a legacy subscription shows of the new-commerce fields: none applies. */
export const LEGACY_PROGRAM_FIELDS = {
  program: 'legacy',
  termDuration: null,
  billingCycleStartedAt: null,
  billingCycleEndsAt: null,
  cancellationAllowedUntil: null,
  refundableQuantity: null,
  scheduledChanges: null,
} as const;

type ViewedSubscription = Pick<Subscription, 'subscriptionId' | 'customerId' | 'orderId'> & {
  offer: Pick<Subscription['offer'], 'offerId' | 'name' | 'publisher' | 'publisherName' | 'billingType' | 'category'>;
};

/** The view's first fields, the same for both programmes: whose subscription it is and to which offer. */
export function whoseAndWhat(state: ViewedSubscription): Pick<SubscriptionView, 'id' | 'customerId' | 'orderId' | 'offerId' | 'offerName' | 'publisher' | 'publisherName' | 'billingType' | 'category'> {
  return {
    id: state.subscriptionId,
    customerId: state.customerId,
    orderId: state.orderId,
    offerId: state.offer.offerId,
    offerName: state.offer.name,
    publisher: state.offer.publisher,
    publisherName: state.offer.publisherName,
    billingType: state.offer.billingType,
    category: state.offer.category,
  };
}

export function subscriptionView(state: Subscription, revision: number): SubscriptionView {
  const live = state.status === 'active' || state.status === 'suspended';
  return {
    ...whoseAndWhat(state),
    billingFrequency: state.offer.billingFrequency,
    unitPrice: money(state.offer.unitPriceCents),
    quantity: state.quantity,
    status: state.status,
    inTrial: live && state.inTrial,
    trialEndsAt: state.trialEndsAt,
    termStartedAt: state.termStartedAt,
    termEndsAt: state.termEndsAt,
    autoRenew: state.autoRenew,
    cancelAt: state.cancelAt,
    cancellationWindowEndsAt:
      live && state.latestOrder && state.offer.billingType === 'license'
        ? cancellationWindowEnd(new Date(state.latestOrder.at), state.offer.billingFrequency).toISOString()
        : null,
    suspendedAt: state.suspendedAt,
    suspensionReason: state.suspensionReason,
    dataDeletionAt: state.dataDeletionAt,
    serviceAccess: state.status === 'active',
    provisioningUrl: state.offer.provisioningUrl,
    parentSubscriptionId: state.parentSubscriptionId,
    addOnIds: state.addOnIds,
    createdAt: state.createdAt,
    revision,
    ...LEGACY_PROGRAM_FIELDS,
  };
}
