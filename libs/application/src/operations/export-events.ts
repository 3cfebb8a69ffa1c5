import { EventStore, Position, RecordedEvent } from '../ports/event-store.port';

export interface ExportOptions {
  customerId?: string;
  from?: Position | null;
  onProgress?: (exported: number, position: Position) => void;
}

/**
 * R21: the log as NDJSON, one event per line, in log order. With a customer, only that
 * customer's streams: its own and those of the subscriptions it bought.
 */
export async function exportEvents(eventStore: EventStore, write: (line: string) => void | Promise<void>, options: ExportOptions = {}): Promise<number> {
  const subscriptions = new Set<string>();
  let exported = 0;
  for await (const batch of eventStore.readAll({ after: options.from ?? null, batchSize: 1000 })) {
    for (const event of batch) {
      if (options.customerId && !belongsTo(event, options.customerId, subscriptions)) continue;
      await write(`${JSON.stringify(event)}\n`);
      exported++;
    }
    options.onProgress?.(exported, batch[batch.length - 1].position);
  }
  return exported;
}

function belongsTo(event: RecordedEvent, customerId: string, subscriptions: Set<string>): boolean {
  if (event.stream === `customer-${customerId}`) return true;
  if (event.type === 'SubscriptionPurchased' && event.data.customerId === customerId) subscriptions.add(event.stream);
  return subscriptions.has(event.stream);
}
