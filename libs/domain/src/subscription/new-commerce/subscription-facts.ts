import { CYCLE_MONTHS, halfUp } from './billing-cycles';
import { cancellationAllowedUntil } from './cancellation-window';
import { currentCycle, NewCommerceState } from './new-commerce.state';
import { refundableQuantity } from './seats';

/**
 * What API.md's subscription shows of a new-commerce subscription at `now` (R26-R29), from
 * its state. `cancellationAllowedUntil` and `refundableQuantity` depend on the time of the
 * read: a projection stores the dates they run out and filters them when answering, or an
 * as-of read calls this with its instant.
 */
export interface NewCommerceFacts {
  program: 'new-commerce';
  termDuration: string;
  billingFrequency: string;
  unitPriceCents: number;
  billingCycleStartedAt: string | null;
  billingCycleEndsAt: string | null;
  cancellationAllowedUntil: string | null;
  refundableQuantity: Array<{ quantity: number; until: string }>;
  scheduledChanges: { quantity?: number; termDuration?: string; billingFrequency?: string } | null;
  /** R31: no data-deletion clock in new commerce. */
  dataDeletionAt: null;
  serviceAccess: boolean;
}

export function newCommerceFacts(state: NewCommerceState, now: Date): NewCommerceFacts | null {
  if (state.status === 'none') return null;
  const running = state.status === 'active' || state.status === 'suspended';
  const cycle = running ? currentCycle(state, now) : null;
  const until = running ? cancellationAllowedUntil(new Date(state.latestOrderAt), now) : null;
  return {
    program: 'new-commerce',
    termDuration: state.termDuration,
    billingFrequency: state.billingFrequency,
    unitPriceCents: state.unitPriceCents,
    billingCycleStartedAt: cycle ? cycle.startsAt.toISOString() : null,
    billingCycleEndsAt: cycle ? cycle.endsAt.toISOString() : null,
    cancellationAllowedUntil: until ? until.toISOString() : null,
    refundableQuantity: state.status === 'active'
      ? refundableQuantity(state.seatLots.map((lot) => ({ quantity: lot.quantity, addedAt: new Date(lot.addedAt) })), now).map((r) => ({ quantity: r.quantity, until: r.until.toISOString() }))
      : [],
    scheduledChanges: state.scheduledChanges,
    dataDeletionAt: null,
    serviceAccess: state.status === 'active',
  };
}

/**
 * R24 and the dashboard: a new-commerce subscription's monthly recurring revenue is its
 * cycle charge at its monthly equivalent (annual / 12, triennial / 36), half-up to the cent
 * as the legacy annual price's twelfth is; zero while suspended (R24) or ended.
 */
export function newCommerceMonthlyEquivalentCents(state: NewCommerceState): number {
  if (state.status !== 'active') return 0;
  return halfUp(state.unitPriceCents * state.quantity, CYCLE_MONTHS[state.billingFrequency]);
}
