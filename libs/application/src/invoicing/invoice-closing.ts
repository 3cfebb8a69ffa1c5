import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { invoiceBookDecider, invoicesStream } from '@ledger/domain';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { Page, READ_STORE, ReadStore } from '../ports/read-store.port';
import { systemActor } from '../commands/command-context';
import { deterministicId } from '../commands/deterministic-id';
import { decideAndAppend } from '../commands/stream-decision';
import { DueWorkRegistry, DueWorkSource } from '../timers/due-work';
import { InvoiceDocument, invoicesProjection } from './invoices.projection';

/**
 * An invoice closes this long after its billing date. An entry lands by when it was
 * written (R33), so a command that read the clock just before the billing date may append
 * its charge a moment after it: the close waits that moment out, so the charge is on the
 * invoice before its totals and number are fixed. Commands take milliseconds; a minute
 * leaves a wide margin.
 */
export const CLOSE_GRACE_MS = 60_000;
const PAGE = 500;

/**
 * R33 as a dated rule (R19): the timer loop (and a test clock advance) asks it each round
 * to close every open invoice whose billing date (plus the grace) has come, oldest first,
 * also after the service was down across it. The close is an `InvoiceClosed` event on
 * the partner's invoices stream, decided on that stream and appended with its expected
 * revision under a deterministic id: two workers, or a retry, close and number it once.
 */
@Injectable()
export class InvoiceClosing implements DueWorkSource, OnModuleInit {
  readonly name = 'invoice-closing';
  private readonly logger = new Logger('invoices');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly registry: DueWorkRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async fireDue(now: Date): Promise<number> {
    let closed = 0;
    let cursor: string | null = null;
    do {
      const page: Page<InvoiceDocument> = await this.readStore.find<InvoiceDocument>(
        invoicesProjection.collection,
        { status: 'open', billingDateMs: { $lte: now.getTime() - CLOSE_GRACE_MS } },
        { sort: [{ field: 'billingDateMs', direction: 'asc' }], limit: PAGE, cursor },
      );
      for (const invoice of page.items) if (await this.close(invoice.partnerId, invoice.period)) closed++;
      cursor = page.nextCursor;
    } while (cursor);
    return closed;
  }

  /** True when this call wrote the close (false: it was closed already, or failed and is retried next round). */
  async close(partnerId: string, period: string): Promise<boolean> {
    const firing = `invoice-close:${partnerId}:${period}`;
    try {
      const result = await decideAndAppend(
        { eventStore: this.eventStore, clock: this.clock, ids: this.ids },
        {
          stream: invoicesStream(partnerId),
          model: invoiceBookDecider,
          context: { actor: systemActor(partnerId), correlationId: firing, causationId: firing },
          decide: (state, now) => invoiceBookDecider.decide({ type: 'CloseInvoice', partnerId, period }, state, { now }),
          eventId: (_event, index) => deterministicId(firing, String(index)),
        },
      );
      return result.appended.length > 0;
    } catch (error) {
      this.logger.error(`${firing} failed (retried next round): ${(error as Error).message}`);
      return false;
    }
  }
}
