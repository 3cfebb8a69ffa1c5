import { Offer, OfferSnapshot, PurchaseOption } from '../../catalog/offer';
import { SuspensionReason } from '../reason-codes';
import { ScheduledChanges } from './scheduled-changes';
import { TermEndDate } from './co-terminosity';

export type NewCommerceCommand =
  | {
      type: 'PurchaseNewCommerce';
      subscriptionId: string;
      customerId: string;
      partnerId: string;
      orderId: string;
      offer: OfferSnapshot;
      /** R25: the option the line named (validated by the order, R8j), with its catalog price. */
      option: PurchaseOption;
      quantity: number;
      /** R30: the validated co-term end (`firstTermEnd`), or null for a regular first term. */
      coTerm: TermEndDate | null;
    }
  | { type: 'CancelNewCommerce' }
  | { type: 'ChangeSeats'; quantity: number }
  | { type: 'SuspendNewCommerce'; reason: SuspensionReason | string }
  | { type: 'ReactivateNewCommerce' }
  | { type: 'SetNewCommerceAutoRenew'; enabled: boolean }
  | { type: 'ScheduleChanges'; changes: ScheduledChanges }
  | { type: 'RemoveScheduledChanges' }
  /**
   * R19, R26: a cycle-start or term-end timer firing: everything due at or before now
   * happens in the same decision, each at its own instant; ignored when nothing is due.
   */
  | { type: 'FireNewCommerceTimer'; timer: 'cycle-start' | 'term-end'; dueAt: string };

/**
 * The commands whose decision reads the catalog's offer of now (R26 renewal prices, R29
 * scheduled changes); every other command decides the same without it, so its handler
 * need not load the catalog.
 */
export const READS_THE_CATALOG: ReadonlySet<NewCommerceCommand['type']> = new Set<NewCommerceCommand['type']>(['FireNewCommerceTimer', 'ScheduleChanges']);

export interface NewCommerceContext {
  now: Date;
  /** R26, R29: the offer as the catalog lists it now (renewals take its price); absent: the locked plan renews at its price. */
  catalogOffer?: Pick<Offer, 'program' | 'purchaseOptions' | 'name' | 'minQuantity' | 'maxQuantity'> | null;
}
