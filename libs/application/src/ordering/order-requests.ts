import { createHash } from 'node:crypto';
import { OrderLineInput } from '@ledger/domain';

export interface OrderRequest {
  customerId: string;
  lines: OrderLineInput[];
  /** Buying add-ons for this subscription (POST /v1/subscriptions/:id/add-ons). */
  parentSubscriptionId: string | null;
}

/** R10: the body an Idempotency-Key stands for, in a canonical form (key order, defaults). */
export function requestHash(request: OrderRequest): string {
  const canonical = JSON.stringify({
    customerId: request.customerId,
    parentSubscriptionId: request.parentSubscriptionId,
    // R25, R30: a new-commerce line's choices count only when given, so a legacy body hashes as it always did.
    lines: request.lines.map((line) => ({
      offerId: line.offerId,
      quantity: line.quantity ?? null,
      ...(line.termDuration != null ? { termDuration: line.termDuration } : {}),
      ...(line.billingFrequency != null ? { billingFrequency: line.billingFrequency } : {}),
      ...(line.customTermEndDate != null ? { customTermEndDate: new Date(line.customTermEndDate).toISOString() } : {}),
    })),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
