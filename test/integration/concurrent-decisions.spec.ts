import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CommandContext, decideAndAppend, metadataFor } from '@ledger/application';
import { customerDecider, CustomerEvent, DomainError, Offer, PlaceOrder } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { SystemClock, UuidIdGenerator } from '@ledger/infrastructure';
import { customerCreated, offer } from '../../libs/domain/src/testing/builders';

const azure: Offer = offer({ id: 'azure', billingType: 'usage', minQuantity: null, maxQuantity: null, onePerCustomer: true });
const context: CommandContext = { actor: { userId: 'u', partnerId: 'p-1', roles: ['sales-agent'] }, correlationId: 'c', causationId: null };
const order = (orderId: string, key: string): PlaceOrder => ({
  type: 'PlaceOrder',
  customerId: 'c-1',
  partnerId: 'p-1',
  orderId,
  idempotencyKey: key,
  requestHash: key,
  lines: [{ offerId: 'azure', subscriptionId: `sub-${orderId}` }],
  parent: null,
});
const orderContext = { offers: new Map([[azure.id, azure]]), statuses: new Map() };

describe('R9 across processes: the expected revision decides', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'ledger-race-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('R9: a purchase appended by another process between our read and our append makes ours retry and refuse', async () => {
    const file = join(dir, 'events.db');
    const ours = SqliteEventStore.open(file);
    const theirs = SqliteEventStore.open(file); // another process on the same log
    const toNew = (e: CustomerEvent) => ({ id: randomUUID(), type: e.type, data: e.data as unknown as Record<string, unknown>, metadata: metadataFor(context, new Date()) });
    await ours.append('customer-c-1', [toNew(customerCreated())], 'no-stream');

    let attempts = 0;
    const decision = decideAndAppend(
      { eventStore: ours, clock: new SystemClock(), ids: new UuidIdGenerator() },
      {
        stream: 'customer-c-1',
        model: customerDecider,
        context,
        decide: async (state, now, revision) => {
          attempts++;
          if (attempts === 1) {
            // The other process buys the same one-per-customer offer right now.
            const [placed] = customerDecider.decide(order('o-theirs', 'k-theirs'), state, { now, order: orderContext });
            await theirs.append('customer-c-1', [toNew(placed)], revision ?? 'no-stream');
          }
          return customerDecider.decide(order('o-ours', 'k-ours'), state, { now, order: orderContext });
        },
      },
    );

    await expect(decision).rejects.toMatchObject({ code: 'order-refused' });
    await decision.catch((error: DomainError) => expect((error.details.lines as Array<{ reasons: Array<{ code: string }> }>)[0].reasons[0].code).toBe('one-per-customer'));
    expect(attempts).toBe(2);
    const placed = (await ours.readStream('customer-c-1')).filter((e) => e.type === 'OrderPlaced');
    expect(placed.map((e) => e.data.orderId)).toEqual(['o-theirs']);
    await Promise.all([ours.close(), theirs.close()]);
  });
});
