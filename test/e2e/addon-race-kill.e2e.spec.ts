import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@ledger/application';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { ServiceProcess } from './service/service-process';
import { addOnViolations, random, violationSummary } from './harness/add-on-invariants';

/**
 * Issue 19, part 1, after a kill -9 (SPEC.md R15, R18, R21): the real service process
 * takes add-on purchases racing suspensions and in-window cancellations of their bases
 * and is killed mid-race. Restarted, it gets the clients' retries (same Idempotency-Keys);
 * once its workflows are quiet, the log must show every add-on following its base.
 */
const BASES = 12;
const ADD_ONS_PER_BASE = 4;
const SEED = 1919;

describe('R15, R18: add-on purchases racing their base, killed mid-race (issue 19)', () => {
  let dataDir: string;
  let service: ServiceProcess | null = null;

  beforeAll(async () => (dataDir = await mkdtemp(join(tmpdir(), 'ledger-addon-kill-'))));
  afterAll(async () => {
    await service?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Every read model at the head, and the head still (no workflow writing) for three looks in a row. */
  async function quiet(s: ServiceProcess, timeoutMs = 40_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let previous = '';
    let still = 0;
    for (;;) {
      const health = await s.request('GET', '/health');
      const lags = (health.body?.info?.readStore?.projections ?? []) as Array<{ head: string; caughtUp: boolean }>;
      const head = lags.map((lag) => lag.head).join(',');
      const caughtUp = lags.length > 0 && lags.every((lag) => lag.caughtUp);
      still = caughtUp && head === previous ? still + 1 : 0;
      if (still >= 2) return;
      previous = caughtUp ? head : '';
      if (Date.now() > deadline) throw new Error(`the service did not settle: ${JSON.stringify(health.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  it(`R15, R18, R21: ${BASES} bases, ${ADD_ONS_PER_BASE} add-ons each racing a suspension and/or a cancellation, kill -9 mid-race, retries after the restart`, async () => {
    const next = random(SEED);
    const outcomes = new Map<string, number>();
    const count = (label: string) => outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
    service = await ServiceProcess.start(dataDir);
    const admin = await service.token('partner-a', ['global-admin']);
    const customerId = (await service.request('POST', '/v1/customers', { token: admin, body: { name: 'Kill Co', billingCountry: 'TW', segment: 'commercial' } })).body.id as string;
    const bases: string[] = [];
    for (let i = 0; i < BASES; i++) {
      const order = await service.request('POST', `/v1/customers/${customerId}/orders`, { token: admin, headers: { 'idempotency-key': `base-${i}` }, body: { lines: [{ offerId: 'm365-e3-monthly', quantity: 3 }] } });
      expect(order.status).toBe(201);
      bases.push(order.body.subscriptions[0].id);
    }

    interface Call { key: string; path: string; body: unknown; headers?: Record<string, string>; answered?: boolean }
    const calls: Call[] = [];
    for (const [b, baseId] of bases.entries()) {
      for (let i = 0; i < ADD_ONS_PER_BASE; i++) {
        const offerId = next() < 0.5 ? 'teams-audio-conferencing' : 'm365-extra-storage';
        calls.push({ key: `add-on`, path: `/v1/subscriptions/${baseId}/add-ons`, body: { offerId, quantity: 1 + i }, headers: { 'idempotency-key': `addon-${b}-${i}` } });
      }
      const race = b % 3;
      if (race !== 1) calls.push({ key: 'suspend', path: `/v1/subscriptions/${baseId}/suspend`, body: { reason: 'non-payment' } });
      if (race !== 2) calls.push({ key: 'cancel', path: `/v1/subscriptions/${baseId}/cancel`, body: undefined });
    }

    // Everything at once (each after 0-40 ms); the service is killed once a third has answered.
    const target = service;
    let answered = 0;
    const killAt = Math.floor(calls.length / 3);
    let killed: Promise<unknown> | null = null;
    const finalAnswers = new Map<string, number>();
    await Promise.all(
      calls.map(async (call) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 40)));
        try {
          const answer = await target.request('POST', call.path, { token: admin, body: call.body, headers: call.headers });
          count(`before kill: ${call.key} ${answer.status}`);
          call.answered = true;
          if (call.headers) finalAnswers.set(call.headers['idempotency-key'], answer.status);
        } catch {
          count(`before kill: ${call.key} no answer`);
        }
        if (++answered === killAt) killed = target.kill();
      }),
    );
    await killed;

    // Restarted: the clients try again every add-on (same key) and every base command that got no answer.
    service = await ServiceProcess.start(dataDir);
    const restarted = service;
    await Promise.all(
      calls.map(async (call) => {
        const key = call.headers?.['idempotency-key'];
        if (!key && call.answered) return;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 20)));
        const answer = await restarted.request('POST', call.path, { token: admin, body: call.body, headers: call.headers });
        count(`after restart: ${call.key} ${answer.status}`);
        if (key) {
          // A repeated key answers as the first time it was answered (R10).
          const before = finalAnswers.get(key);
          if (before === 201) expect(answer.status).toBe(201);
          finalAnswers.set(key, answer.status);
        }
      }),
    );
    await quiet(restarted);
    await restarted.stop();
    service = null;

    const store = SqliteEventStore.open(join(dataDir, 'events.db'));
    const events: RecordedEvent[] = [];
    try {
      for await (const batch of store.readAll()) events.push(...batch);
    } finally {
      await store.close();
    }
    const { addOns, violations } = addOnViolations(events);
    const summary = violationSummary(violations);
    const bought = [...finalAnswers.values()].filter((status) => status === 201).length;
    console.log(`addon-race-kill: ${BASES} bases, ${calls.length} racing calls, killed after ${killAt} answers; ${bought} add-ons bought (${addOns} in the log), ${summary.addOns} add-ons breaking a rule`, summary.byRule, Object.fromEntries(outcomes));
    expect([...outcomes.keys()].filter((label) => / 5\d\d$/.test(label))).toEqual([]);
    expect([...finalAnswers.values()].every((status) => status === 201 || status === 409)).toBe(true);
    expect(addOns).toBe(bought);
    expect(violations.slice(0, 10)).toEqual([]);
  }, 120_000);
});
