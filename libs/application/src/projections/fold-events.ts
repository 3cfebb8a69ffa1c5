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
  return documentWriteAfter(projection, collection, before ? counterShares(projection, before) : NO_SHARES, doc).write;
}

/**
 * The same, given only the counter shares of the version last written (what a cache keeps
 * instead of that whole version); also returns the new document's shares, the next `before`.
 */
export function documentWriteAfter(projection: Projection, collection: string, before: CounterContribution[], doc: ReadDocument): { write: DocumentWrite; shares: CounterContribution[] } {
  const shares = counterShares(projection, doc);
  const counters = projection.counters ? counterDeltas(before, shares) : undefined;
  return { write: { collection, doc, columns: projection.columns(doc), counters }, shares };
}

const NO_SHARES: CounterContribution[] = [];

/** A document's counter shares (none when the projection keeps no counters). */
export function counterShares(projection: Projection, doc: ReadDocument): CounterContribution[] {
  return projection.counters ? counterContributions(projection.counters(doc)) : NO_SHARES;
}

/** The new document's share of the counters minus the old one's. */
function counterDeltas(before: CounterContribution[], after: CounterContribution[]): CounterDelta[] {
  const deltas = new Map<string, Record<string, number>>();
  const add = (shares: CounterContribution[], sign: number) => {
    for (const share of shares) {
      let delta = deltas.get(share.key);
      if (!delta) deltas.set(share.key, (delta = {}));
      for (const name in share.values) delta[name] = (delta[name] ?? 0) + sign * share.values[name];
    }
  };
  add(before, -1);
  add(after, 1);
  return [...deltas].map(([key, values]) => ({ key, values }));
}

/** A document's counter shares as a list (a projection may give one, several or none). */
export function counterContributions(shares: CounterContribution | CounterContribution[] | null | undefined): CounterContribution[] {
  if (!shares) return [];
  return Array.isArray(shares) ? shares : [shares];
}
