import { spec } from '../testing/decider-specification';
import { at, plus, purchased, T0 } from '../testing/builders';
import { subscriptionDecider, decideSubscription, dueTimers } from './subscription.decide';
import { SubscriptionCommand } from './subscription.commands';
import { SubscriptionEvent } from './subscription.events';
import { evolveSubscription, initialSubscriptionState, Subscription } from './subscription.state';

const given = (...history: SubscriptionEvent[]) => spec(subscriptionDecider).given(...history);
const ctx = (now: Date) => ({ now });
const state = (...history: SubscriptionEvent[]) => history.reduce(evolveSubscription, initialSubscriptionState) as Subscription;
const run = (history: SubscriptionEvent[], command: SubscriptionCommand, now: Date) => decideSubscription(command, state(...history), { now });
const fire = (timer: 'trial-end' | 'term-end' | 'cancel-at' | 'data-deletion', dueAt: string): SubscriptionCommand => ({ type: 'FireTimer', timer, dueAt });
const trialOffer = { publisher: 'partner' as const, publisherName: 'Contoso', trialDays: 30, provisioningUrl: 'https://isv.example/activate' };

describe('R12 free trials', () => {
  it('R12: a trial offer starts in trial, trialEndsAt = purchase + trial days, nothing charged', () => {
    const events = purchased({ offer: trialOffer });
    expect(events.map((e) => e.type)).toEqual(['SubscriptionPurchased']);
    expect(state(...events)).toMatchObject({ inTrial: true, trialEndsAt: '2026-03-02T09:00:00.000Z', status: 'active' });
  });

  it('R12: at trialEndsAt it converts: the paid term starts at trialEndsAt and is charged', () =>
    given(...purchased({ offer: trialOffer, quantity: 2 }))
      .when(fire('trial-end', '2026-03-02T09:00:00.000Z'), ctx(at('2026-03-02T09:00:00.000Z')))
      .thenMatch(
        { type: 'TrialConverted', data: { termStartedAt: '2026-03-02T09:00:00.000Z', termEndsAt: '2026-04-02T09:00:00.000Z' } },
        { type: 'SubscriptionCharged', data: { kind: 'trial-conversion', amountCents: 2000, invoicePeriod: '2026-04' } },
      ));

  it('R12: after conversion it renews on the same schedule', () => {
    const converted = [...purchased({ offer: trialOffer }), ...run(purchased({ offer: trialOffer }), fire('trial-end', '2026-03-02T09:00:00.000Z'), at('2026-03-02T09:00:00.000Z'))];
    given(...converted)
      .when(fire('term-end', '2026-04-02T09:00:00.000Z'), ctx(at('2026-04-02T09:00:01.000Z')))
      .thenMatch({ type: 'SubscriptionRenewed', data: { termStartedAt: '2026-04-02T09:00:00.000Z', termEndsAt: '2026-05-02T09:00:00.000Z' } }, { type: 'SubscriptionCharged' });
  });

  it('R12: a trial can be cancelled at any time: it ends at once with no credit', () =>
    given(...purchased({ offer: trialOffer }))
      .when({ type: 'Cancel' }, ctx(plus(T0, { days: 20 })))
      .thenMatch({ type: 'SubscriptionCancelled', data: { mode: 'trial' } }));

  it('R12: a trial whose auto-renew is off expires at trialEndsAt instead of converting', () =>
    given(...purchased({ offer: trialOffer }), { type: 'AutoRenewChanged', data: { subscriptionId: 's-1', enabled: false, changedAt: T0.toISOString() } })
      .when(fire('trial-end', '2026-03-02T09:00:00.000Z'), ctx(at('2026-03-02T09:00:00.000Z')))
      .then({ type: 'SubscriptionExpired', data: { subscriptionId: 's-1', expiredAt: '2026-03-02T09:00:00.000Z' } }));
});

describe('R13 terms on the subscription', () => {
  it('R13: a monthly purchase on Jan 31 shows termEndsAt Feb 28; the renewal ends Mar 31', () => {
    const bought = purchased({ at: at('2027-01-31T09:00:00.000Z') });
    expect(state(...bought).termEndsAt).toBe('2027-02-28T09:00:00.000Z');
    given(...bought)
      .when(fire('term-end', '2027-02-28T09:00:00.000Z'), ctx(at('2027-02-28T09:00:00.000Z')))
      .thenMatch({ type: 'SubscriptionRenewed', data: { termStartedAt: '2027-02-28T09:00:00.000Z', termEndsAt: '2027-03-31T09:00:00.000Z', termNumber: 2 } }, { type: 'SubscriptionCharged' });
  });

  it('R13: an annual purchase has a one-year term', () => {
    expect(state(...purchased({ offer: { billingFrequency: 'annual' }, at: at('2028-02-29T00:00:00.000Z') })).termEndsAt).toBe('2029-02-28T00:00:00.000Z');
  });
});

describe('R14 auto-renew', () => {
  const bought = purchased({ quantity: 3 });
  const termEnd = '2026-02-28T09:00:00.000Z';

  it('R14: auto-renew is on by default', () => expect(state(...bought).autoRenew).toBe(true));

  it('R14: it can be toggled while active and while suspended', () => {
    given(...bought).when({ type: 'SetAutoRenew', enabled: false }, ctx(T0)).thenMatch({ type: 'AutoRenewChanged', data: { enabled: false } });
    const suspended = [...bought, ...run(bought, { type: 'Suspend', reason: 'non-payment' }, T0)];
    given(...suspended).when({ type: 'SetAutoRenew', enabled: false }, ctx(T0)).thenMatch({ type: 'AutoRenewChanged' });
  });

  it('R14: setting the value it already has changes nothing', () => given(...bought).when({ type: 'SetAutoRenew', enabled: true }, ctx(T0)).then());

  it('R14: at termEndsAt with auto-renew on it renews: new term, renewal charge, new cancellation window', () => {
    const renewal = run(bought, fire('term-end', termEnd), at(termEnd));
    expect(renewal).toMatchObject([
      { type: 'SubscriptionRenewed', data: { termStartedAt: termEnd, termEndsAt: '2026-03-31T09:00:00.000Z' } },
      { type: 'SubscriptionCharged', data: { kind: 'renewal', amountCents: 3000, invoicePeriod: '2026-03' } },
    ]);
    // The window now runs from the renewal: cancelling 23 h later is immediate, with the renewal's credit.
    given(...bought, ...renewal)
      .when({ type: 'Cancel' }, ctx(plus(at(termEnd), { hours: 23 })))
      .thenMatch({ type: 'SubscriptionCancelled', data: { mode: 'in-window' } }, { type: 'SubscriptionCredited', data: { amountCents: 3000, orderId: 's-1:renewal:2' } });
  });

  it('R14: at termEndsAt with auto-renew off it expires (terminal)', () => {
    const off = [...bought, ...run(bought, { type: 'SetAutoRenew', enabled: false }, T0)];
    given(...off).when(fire('term-end', termEnd), ctx(at(termEnd))).then({ type: 'SubscriptionExpired', data: { subscriptionId: 's-1', expiredAt: termEnd } });
    const expired = [...off, ...run(off, fire('term-end', termEnd), at(termEnd))];
    given(...expired).when({ type: 'SetAutoRenew', enabled: true }, ctx(at(termEnd))).thenFails('subscription-terminal');
  });
});

describe('R15 quantity and add-ons', () => {
  const bought = purchased({ quantity: 3, offer: { unitPriceCents: 3000, minQuantity: 1, maxQuantity: 10 }, at: at('2026-04-01T00:00:00.000Z') });

  it('R15: an increase charges the added seats pro rata for the rest of the term', () =>
    given(...bought)
      .when({ type: 'ChangeQuantity', quantity: 5 }, ctx(at('2026-04-16T00:00:00.000Z')))
      .thenMatch(
        { type: 'QuantityChanged', data: { from: 3, to: 5 } },
        // 2 seats x 30.00 x 15 days / 30 days = 30.00
        { type: 'SubscriptionCharged', data: { kind: 'quantity-increase', amountCents: 3000, invoicePeriod: '2026-05' } },
      ));

  it('R15: a decrease inside the window credits the removed seats in full', () =>
    given(...bought)
      .when({ type: 'ChangeQuantity', quantity: 1 }, ctx(at('2026-04-01T20:00:00.000Z')))
      .thenMatch({ type: 'QuantityChanged', data: { from: 3, to: 1 } }, { type: 'SubscriptionCredited', data: { kind: 'quantity-decrease', amountCents: 6000 } }));

  it('R15: a decrease after the window is refused with quantity-decrease-not-allowed', () =>
    given(...bought).when({ type: 'ChangeQuantity', quantity: 2 }, ctx(at('2026-04-02T00:00:00.001Z'))).thenFails('quantity-decrease-not-allowed'));

  it('R15: the quantity stays within the offer min/max', () => {
    given(...bought).when({ type: 'ChangeQuantity', quantity: 11 }, ctx(T0)).thenFails('invalid-quantity');
    given(...bought).when({ type: 'ChangeQuantity', quantity: 0 }, ctx(T0)).thenFails('invalid-quantity');
    given(...bought).when({ type: 'ChangeQuantity', quantity: 2.5 }, ctx(T0)).thenFails('invalid-quantity');
  });

  it('R15: no quantity change during a trial or on usage-based subscriptions', () => {
    given(...purchased({ offer: trialOffer })).when({ type: 'ChangeQuantity', quantity: 5 }, ctx(T0)).thenFails('trial-quantity-change');
    given(...purchased({ offer: { billingType: 'usage', minQuantity: null, maxQuantity: null }, quantity: null }))
      .when({ type: 'ChangeQuantity', quantity: 5 }, ctx(T0))
      .thenFails('quantity-not-applicable');
  });

  it('R15: add-ons attach to an active base only', () => {
    given(...bought).when({ type: 'AttachAddOn', addOnSubscriptionId: 's-2', offerId: 'audio' }, ctx(T0)).thenMatch({ type: 'AddOnAttached', data: { addOnSubscriptionId: 's-2' } });
    const suspended = [...bought, ...run(bought, { type: 'Suspend', reason: 'other' }, T0)];
    given(...suspended).when({ type: 'AttachAddOn', addOnSubscriptionId: 's-2', offerId: 'audio' }, ctx(T0)).thenFails('subscription-not-active');
  });
});

describe('R16 suspension and data deletion', () => {
  const bought = purchased({ at: at('2026-01-01T00:00:00.000Z') });
  const suspendedAt = at('2026-05-01T00:00:00.000Z');
  const suspended = [...bought, ...run(bought, { type: 'Suspend', reason: 'fraud' }, suspendedAt)];

  it('R16: suspend from active records the reason and dataDeletionAt; service access stops', () => {
    given(...bought)
      .when({ type: 'Suspend', reason: 'customer-request' }, ctx(suspendedAt))
      .then({ type: 'SubscriptionSuspended', data: { subscriptionId: 's-1', reason: 'customer-request', suspendedAt: suspendedAt.toISOString(), dataDeletionAt: '2026-07-30T00:00:00.000Z' } });
    expect(state(...suspended).status).toBe('suspended');
  });

  it('R16: a trial subscription adds the days until its first billing (30) to the 90', () => {
    const trial = purchased({ offer: trialOffer, at: at('2026-01-01T00:00:00.000Z') });
    given(...trial).when({ type: 'Suspend', reason: 'other' }, ctx(suspendedAt)).thenMatch({ type: 'SubscriptionSuspended', data: { dataDeletionAt: '2026-08-29T00:00:00.000Z' } });
  });

  it('R16: the suspension reason must be one of the four', () =>
    given(...bought).when({ type: 'Suspend', reason: 'bored' as never }, ctx(suspendedAt)).thenFails('invalid-suspension-reason'));

  it('R16: suspend only from active', () => given(...suspended).when({ type: 'Suspend', reason: 'fraud' }, ctx(suspendedAt)).thenFails('subscription-not-active'));

  it('R16: reactivate before dataDeletionAt returns it to active with the same term', () => {
    given(...suspended).when({ type: 'Reactivate' }, ctx(at('2026-07-29T23:59:59.999Z'))).thenMatch({ type: 'SubscriptionReactivated' });
    const back = state(...suspended, ...run(suspended, { type: 'Reactivate' }, at('2026-06-01T00:00:00.000Z')));
    expect(back).toMatchObject({ status: 'active', termEndsAt: state(...bought).termEndsAt, dataDeletionAt: null });
  });

  it('R16: reactivate at or after dataDeletionAt is refused', () =>
    given(...suspended).when({ type: 'Reactivate' }, ctx(at('2026-07-30T00:00:00.000Z'))).thenFails('data-deletion-passed'));

  it('R16: at dataDeletionAt a suspended subscription becomes deleted (terminal)', () => {
    const deleted = run(suspended, fire('data-deletion', '2026-07-30T00:00:00.000Z'), at('2026-07-30T00:00:00.000Z'));
    // The term ends passed while suspended renew first (R14 at each term end), then the data goes.
    expect(deleted.filter((e) => e.type === 'SubscriptionRenewed').map((e) => (e.data as { renewedAt: string }).renewedAt)).toEqual(
      ['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01'].map((day) => `${day}T00:00:00.000Z`),
    );
    expect(deleted.at(-1)).toEqual({ type: 'SubscriptionDataDeleted', data: { subscriptionId: 's-1', deletedAt: '2026-07-30T00:00:00.000Z' } });
    given(...suspended, ...deleted).when({ type: 'Reactivate' }, ctx(at('2026-08-01T00:00:00.000Z'))).thenFails('subscription-terminal');
  });
});

describe('R17 cancellation', () => {
  const monthly = purchased({ quantity: 3, offer: { unitPriceCents: 1000 } });
  const annual = purchased({ quantity: 2, offer: { billingFrequency: 'annual', unitPriceCents: 12000 } });

  it('R17: cancels at once with full credit inside 24 h of a monthly order', () =>
    given(...monthly)
      .when({ type: 'Cancel' }, ctx(plus(T0, { hours: 24 })))
      .thenMatch({ type: 'SubscriptionCancelled', data: { mode: 'in-window' } }, { type: 'SubscriptionCredited', data: { kind: 'cancellation', amountCents: 3000, orderId: 'o-1', invoicePeriod: '2026-03' } }));

  it('R17: schedules the cancellation at term end after the window (24 h + 1 ms)', () =>
    given(...monthly)
      .when({ type: 'Cancel' }, ctx(plus(T0, { hours: 24, ms: 1 })))
      .then({ type: 'CancellationScheduled', data: { subscriptionId: 's-1', cancelAt: '2026-02-28T09:00:00.000Z', scheduledAt: plus(T0, { hours: 24, ms: 1 }).toISOString() } }));

  it('R17: annual offers have a 14-day window', () => {
    given(...annual).when({ type: 'Cancel' }, ctx(plus(T0, { days: 14 }))).thenMatch({ type: 'SubscriptionCancelled' }, { type: 'SubscriptionCredited', data: { amountCents: 24000 } });
    given(...annual).when({ type: 'Cancel' }, ctx(plus(T0, { days: 14, ms: 1 }))).thenMatch({ type: 'CancellationScheduled' });
  });

  it('R17: a scheduled cancellation turns auto-renew off, and the cancel action is no longer offered', () => {
    const scheduled = [...monthly, ...run(monthly, { type: 'Cancel' }, plus(T0, { days: 3 }))];
    expect(state(...scheduled)).toMatchObject({ autoRenew: false, cancelAt: '2026-02-28T09:00:00.000Z' });
    given(...scheduled).when({ type: 'Cancel' }, ctx(plus(T0, { days: 4 }))).thenFails('cancellation-already-scheduled');
    given(...scheduled).when({ type: 'SetAutoRenew', enabled: true }, ctx(plus(T0, { days: 4 }))).thenFails('cancellation-already-scheduled');
  });

  it('R17: at cancelAt it becomes cancelled with no credit (and does not renew)', () => {
    const scheduled = [...monthly, ...run(monthly, { type: 'Cancel' }, plus(T0, { days: 3 }))];
    expect(dueTimers(state(...scheduled))).toEqual([{ timer: 'cancel-at', dueAt: '2026-02-28T09:00:00.000Z' }]);
    given(...scheduled)
      .when(fire('cancel-at', '2026-02-28T09:00:00.000Z'), ctx(at('2026-02-28T09:00:00.000Z')))
      .then({ type: 'SubscriptionCancelled', data: { subscriptionId: 's-1', cancelledAt: '2026-02-28T09:00:00.000Z', mode: 'scheduled' } });
  });

  it('R17: usage-based subscriptions are deprovisioned at any time with no credit', () =>
    given(...purchased({ offer: { billingType: 'usage', minQuantity: null, maxQuantity: null }, quantity: null }))
      .when({ type: 'Cancel' }, ctx(plus(T0, { days: 200 })))
      .thenMatch({ type: 'SubscriptionCancelled', data: { mode: 'usage' } }));

  it('R17: the credit after a quantity increase covers what that order was charged in total', () => {
    const bought = purchased({ quantity: 1, offer: { unitPriceCents: 3000 }, at: at('2026-04-01T00:00:00.000Z') });
    const increased = [...bought, ...run(bought, { type: 'ChangeQuantity', quantity: 2 }, at('2026-04-01T12:00:00.000Z'))];
    given(...increased).when({ type: 'Cancel' }, ctx(at('2026-04-01T13:00:00.000Z'))).thenMatch({ type: 'SubscriptionCancelled' }, { type: 'SubscriptionCredited', data: { amountCents: 3000 + 2900 } });
  });
});

describe('R18 refused transitions write nothing', () => {
  const bought = purchased();
  const cancelled = [...bought, ...run(bought, { type: 'Cancel' }, T0)];
  it.each<[string, SubscriptionCommand, string]>([
    ['reactivate an active subscription', { type: 'Reactivate' }, 'subscription-not-suspended'],
    ['suspend a cancelled subscription', { type: 'Suspend', reason: 'other' }, 'subscription-terminal'],
    ['cancel a cancelled subscription', { type: 'Cancel' }, 'subscription-terminal'],
    ['change quantity of a cancelled subscription', { type: 'ChangeQuantity', quantity: 2 }, 'subscription-terminal'],
    ['toggle auto-renew of a cancelled subscription', { type: 'SetAutoRenew', enabled: false }, 'subscription-terminal'],
  ])('R18: %s is refused with its code', (_, command, code) => {
    const history = command.type === 'Reactivate' ? bought : cancelled;
    given(...history).when(command, ctx(T0)).thenFails(code);
  });

  it('R18: a command on a subscription that does not exist is refused', () => given().when({ type: 'Cancel' }, ctx(T0)).thenFails('subscription-not-found'));
  it('R18: a purchase never overwrites an existing subscription', () =>
    given(...bought).when({ type: 'Purchase', subscriptionId: 's-1', customerId: 'c', partnerId: 'p', orderId: 'o', offer: (bought[0].data as unknown as { offer: never }).offer, quantity: 1, parentSubscriptionId: null, baseTerm: null }, ctx(T0)).thenFails('subscription-exists'));
});

describe('R19 timers fire once and lose cleanly to manual commands', () => {
  const bought = purchased();
  const termEnd = '2026-02-28T09:00:00.000Z';
  it('R19: a firing that already happened does nothing the second time', () => {
    const renewed = [...bought, ...run(bought, fire('term-end', termEnd), at(termEnd))];
    given(...renewed).when(fire('term-end', termEnd), ctx(at(termEnd))).then();
  });
  it('R19: a firing before its time does nothing', () => given(...bought).when(fire('term-end', termEnd), ctx(plus(at(termEnd), { ms: -1 }))).then());
  it('R19: a firing after a manual cancel does nothing', () => {
    const cancelled = [...bought, ...run(bought, { type: 'Cancel' }, T0)];
    given(...cancelled).when(fire('term-end', termEnd), ctx(at(termEnd))).then();
  });
  it('R19: a firing late (service was down) still applies, dated at its due time', () =>
    given(...bought).when(fire('term-end', termEnd), ctx(plus(at(termEnd), { days: 3 }))).thenMatch({ type: 'SubscriptionRenewed', data: { renewedAt: termEnd } }, { type: 'SubscriptionCharged', data: { chargedAt: termEnd } }));
});

describe('R20 charges and credits', () => {
  it('R20: a paid purchase is charged quantity x unit price on the next monthly invoice', () => {
    expect(purchased({ quantity: 4, offer: { unitPriceCents: 1250 } })).toMatchObject([
      { type: 'SubscriptionPurchased' },
      { type: 'SubscriptionCharged', data: { kind: 'purchase', amountCents: 5000, invoicePeriod: '2026-02', orderId: 'o-1' } },
    ]);
  });
  it('R20: a trial purchase charges nothing until it converts', () => expect(purchased({ offer: trialOffer })).toHaveLength(1));
});

describe('R15 add-ons end with their base', () => {
  const addOn = purchased({ id: 's-2', parent: 's-1' });
  it('R15: an add-on expires, is cancelled or deleted with its base, dated at the base\'s ending', () => {
    given(...addOn).when({ type: 'EndWithBase', ending: 'expired', at: '2026-02-28T09:00:00.000Z' }, ctx(T0)).then({ type: 'SubscriptionExpired', data: { subscriptionId: 's-2', expiredAt: '2026-02-28T09:00:00.000Z' } });
    given(...addOn).when({ type: 'EndWithBase', ending: 'cancelled', at: '2026-02-28T09:00:00.000Z' }, ctx(T0)).thenMatch({ type: 'SubscriptionCancelled', data: { mode: 'with-base' } });
    given(...addOn).when({ type: 'EndWithBase', ending: 'deleted', at: '2026-02-28T09:00:00.000Z' }, ctx(T0)).thenMatch({ type: 'SubscriptionDataDeleted' });
  });
  it('R15: an add-on that already ended stays as it is', () => {
    const cancelled = [...addOn, ...run(addOn, { type: 'Cancel' }, T0)];
    given(...cancelled).when({ type: 'EndWithBase', ending: 'expired', at: '2026-02-28T09:00:00.000Z' }, ctx(T0)).then();
  });
});
