import { RecordedEvent, toDomainEvent } from '@ledger/application';
import { evolveSubscription, initialSubscriptionState, SubscriptionEvent, SubscriptionState } from '@ledger/domain';

/** Issue 19 (R15): what must hold of every add-on in a log, however its purchase raced its base. */
const TERMINAL = new Set(['cancelled', 'expired', 'deleted']);

/** mulberry32: a small seeded generator, so a failing round can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Violation {
  addOnId: string;
  baseId: string;
  rule: string;
}

/** Every add-on in the log against its base, folded from the streams (the source of truth). */
export function addOnViolations(events: RecordedEvent[]): { addOns: number; violations: Violation[] } {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.stream.startsWith('subscription-')) continue;
    const stream = byStream.get(event.stream) ?? [];
    if (stream.length === 0) byStream.set(event.stream, stream);
    stream.push(event);
  }
  const fold = (stream: string): SubscriptionState =>
    (byStream.get(stream) ?? []).reduce((state, e) => evolveSubscription(state, toDomainEvent<SubscriptionEvent>(e)), initialSubscriptionState);
  const violations: Violation[] = [];
  let addOns = 0;
  for (const stream of byStream.keys()) {
    const addOn = fold(stream);
    if (addOn.status === 'none' || addOn.parentSubscriptionId === null) continue;
    addOns++;
    const baseId = addOn.parentSubscriptionId;
    const base = fold(`subscription-${baseId}`);
    const flag = (rule: string) => violations.push({ addOnId: addOn.subscriptionId, baseId, rule });
    if (base.status === 'none') {
      flag('base missing');
      continue;
    }
    const attached = (byStream.get(`subscription-${baseId}`) ?? []).find((e) => e.type === 'AddOnAttached' && e.data.addOnSubscriptionId === addOn.subscriptionId);
    if (!base.addOnIds.includes(addOn.subscriptionId)) flag(`not in its base's addOnIds (base ${base.status}, add-on ${addOn.status})`);
    if (TERMINAL.has(base.status) && !TERMINAL.has(addOn.status)) flag(`${addOn.status} under a ${base.status} base`);
    if (base.status === 'suspended' && addOn.status === 'active') flag('active under a suspended base');
    for (const charge of byStream.get(stream)!.filter((e) => e.type === 'SubscriptionCharged')) {
      if (!attached) flag(`charged without being attached (${charge.data.kind})`);
      else if (attached.position > charge.position) flag(`charged before being attached (${charge.data.kind})`);
    }
  }
  return { addOns, violations };
}

/** Add-ons breaking each rule (the detail in parentheses dropped), and how many add-ons break any. */
export function violationSummary(violations: Violation[]): { addOns: number; byRule: Record<string, number> } {
  const rules = new Map<string, Set<string>>();
  for (const v of violations) {
    const rule = v.rule.replace(/\s*\(.*\)/, '');
    rules.set(rule, (rules.get(rule) ?? new Set()).add(v.addOnId));
  }
  return { addOns: new Set(violations.map((v) => v.addOnId)).size, byRule: Object.fromEntries([...rules].map(([rule, ids]) => [rule, ids.size])) };
}
