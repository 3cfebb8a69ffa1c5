import { comparePositions } from '../ports/event-store.port';
import { CurrentEvent } from '../commands/upcasting';
import { CounterDelta, DocumentWrite, ReadDocument } from '../ports/read-store.port';
import { CounterContribution, Projection } from './projection';

/**
 * The runner's one rule, pure: apply each event to its document in memory unless the
 * document already reflects it (`_position` at or after the event's). Returns the ids
 * whose documents changed; `docs` is updated in place.
 */
export function foldEvents(projection: Projection, docs: Map<string, ReadDocument | null>, events: CurrentEvent[]): Set<string> {
  const changed = new Set<string>();
  for (const event of events) {
    const id = projection.documentId(event);
    if (id === null) continue;
    const current = docs.get(id) ?? null;
    if (current && comparePositions(event.position, current._position) <= 0) continue;
    const next = projection.evolve(current, event);
    if (next === null) continue;
    docs.set(id, { ...next, id, _position: event.position });
    changed.add(id);
  }
  return changed;
}

/** A changed document as written: with its columns and the change it makes to the counters. */
export function documentWrite(projection: Projection, collection: string, before: ReadDocument | null, doc: ReadDocument): DocumentWrite {
  return { collection, doc, columns: projection.columns(doc), counters: counterDeltas(projection, before, doc) };
}

/** The new document's share of the counters minus the old one's. */
export function counterDeltas(projection: Projection, before: ReadDocument | null, after: ReadDocument): CounterDelta[] | undefined {
  if (!projection.counters) return undefined;
  const deltas = new Map<string, Record<string, number>>();
  const add = (shares: CounterContribution | CounterContribution[] | null, sign: number) => {
    for (const share of counterContributions(shares)) {
      const delta = deltas.get(share.key) ?? {};
      for (const [name, value] of Object.entries(share.values)) delta[name] = (delta[name] ?? 0) + sign * value;
      deltas.set(share.key, delta);
    }
  };
  add(before ? projection.counters(before) : null, -1);
  add(projection.counters(after), 1);
  return [...deltas].map(([key, values]) => ({ key, values }));
}

/** A document's counter shares as a list (a projection may give one, several or none). */
export function counterContributions(shares: CounterContribution | CounterContribution[] | null | undefined): CounterContribution[] {
  if (!shares) return [];
  return Array.isArray(shares) ? shares : [shares];
}
