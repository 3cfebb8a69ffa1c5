import fc from 'fast-check';
import { at, purchased } from '../testing/builders';
import { decideSubscription, dueTimers } from './subscription.decide';
import { SubscriptionCommand } from './subscription.commands';
import { SubscriptionEvent } from './subscription.events';
import { evolveSubscription, initialSubscriptionState, SubscriptionState } from './subscription.state';
import { evolveTimerState, TimerState } from './timer-state';
import { DomainError } from '../shared/domain-error';

const step = fc.record({
  days: fc.integer({ min: 0, max: 400 }),
  command: fc.constantFrom<'suspend' | 'reactivate' | 'cancel' | 'auto-renew-off' | 'auto-renew-on' | 'fire' | 'quantity'>('suspend', 'reactivate', 'cancel', 'auto-renew-off', 'auto-renew-on', 'fire', 'quantity'),
});

function command(kind: string, state: SubscriptionState): SubscriptionCommand | null {
  switch (kind) {
    case 'suspend': return { type: 'Suspend', reason: 'other' };
    case 'reactivate': return { type: 'Reactivate' };
    case 'cancel': return { type: 'Cancel' };
    case 'auto-renew-off': return { type: 'SetAutoRenew', enabled: false };
    case 'auto-renew-on': return { type: 'SetAutoRenew', enabled: true };
    case 'quantity': return { type: 'ChangeQuantity', quantity: 5 };
    default: {
      const [first] = dueTimers(state);
      return first ? { type: 'FireTimer', timer: first.timer, dueAt: first.dueAt } : null;
    }
  }
}

describe('R19 the due model folds only what timers depend on', () => {
  it('R19: after any history, the timer state gives the same due times as the full state', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(step, { maxLength: 25 }), (trial, steps) => {
        let now = at('2027-01-31T09:00:00.000Z');
        const offer = trial ? { trialDays: 30, publisher: 'partner' as const, publisherName: 'Contoso', provisioningUrl: 'https://isv.example' } : {};
        const history: SubscriptionEvent[] = purchased({ at: now, offer });
        let full: SubscriptionState = history.reduce(evolveSubscription, initialSubscriptionState);
        let timers: TimerState | null = history.reduce(evolveTimerState, null as TimerState | null);
        for (const { days, command: kind } of steps) {
          now = new Date(now.getTime() + days * 86_400_000);
          const next = command(kind, full);
          if (!next) continue;
          let events: SubscriptionEvent[] = [];
          try {
            events = decideSubscription(next, full, { now });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          full = events.reduce(evolveSubscription, full);
          timers = events.reduce(evolveTimerState, timers);
          expect(dueTimers(timers ?? { status: 'none' })).toEqual(dueTimers(full));
        }
      }),
      { numRuns: 300 },
    );
  });
});
