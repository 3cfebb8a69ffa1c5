import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { ALL_PROJECTIONS, verifyLog, verifyProjections } from '@ledger/application';
import { DEVELOPMENT_JWT_SECRET } from '@ledger/infrastructure';
import { SqliteEventStore } from '@ledger/infrastructure/event-store/sqlite/sqlite-event-store';
import { EmbeddedReadStore } from '@ledger/infrastructure/read-store/embedded/embedded-read-store';
import { ServiceProcess } from '../e2e/service/service-process';

const ROUNDS = 10;
const CONCURRENT_CLIENTS = 8;
/** Acknowledged writes a round waits for before the kill, so that every kill lands mid-load. */
const ACKS_BEFORE_KILL = 15;

interface Acknowledged {
  id: string;
  position: string;
}

/**
 * kill -9 under load, again and again (issue 12): the real service as a child process on
 * the embedded stores, concurrent commands, SIGKILL, restart on the same DATA_DIR. Every
 * restart passes the start-up integrity check; at the end every acknowledged position is
 * read back from events.db itself, every hash chain is intact, and the read models equal a
 * rebuild from the log (what `npm run cli -- verify` runs).
 */
describe('kill -9 loop: nothing acknowledged is lost, the stores stay consistent', () => {
  let dataDir: string;
  let service: ServiceProcess | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-kill-loop-'));
  });
  afterAll(async () => {
    await service?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`R21: ${ROUNDS} rounds of concurrent commands, SIGKILL, restart; then every acknowledged write is in the log and verify finds no difference`, async () => {
    const token = await new SignJWT({ pid: 'partner-kill', roles: ['admin-agent'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('loop')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
    const acknowledged: Acknowledged[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const running = await ServiceProcess.start(dataDir);
      service = running;
      const inRound: Acknowledged[] = [];
      let killed = false;
      let failure: unknown = null;
      const client = async (n: number) => {
        for (let i = 0; !killed; i++) {
          try {
            const answer = await fetch(`${running.url}/v1/customers`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ name: `Round ${round} client ${n} #${i}`, billingCountry: 'TW', segment: 'commercial' }),
            });
            if (answer.status === 201) inRound.push((await answer.json()) as Acknowledged);
            else if (!killed) throw new Error(`unexpected ${answer.status}: ${await answer.text()}`);
          } catch (error) {
            // Before the kill nothing may fail; after it, requests in flight do.
            if (!killed) failure ??= error;
            if (!killed) return;
          }
        }
      };
      const clients = Array.from({ length: CONCURRENT_CLIENTS }, (_, n) => client(n));
      while (inRound.length < ACKS_BEFORE_KILL && failure === null) await sleep(5);
      if (failure !== null) await running.kill();
      expect(failure).toBeNull();
      // A kill at a varying moment of the load, while requests are in flight.
      await sleep(Math.floor(Math.random() * 100));
      killed = true;
      await running.kill();
      service = null;
      await Promise.all(clients);
      acknowledged.push(...inRound);
    }

    // One last start: the integrity check passes and the read models catch up to the head.
    const last = await ServiceProcess.start(dataDir);
    service = last;
    // Caught up means every checkpoint at the head (/health/ready already says ok up to 5 s behind).
    for (let tries = 0; ; tries++) {
      const health = (await fetch(`${last.url}/health`).then((answer) => answer.json())) as { info?: { readStore?: { projections?: Array<{ caughtUp: boolean }> } } };
      const projections = health.info?.readStore?.projections ?? [];
      if (projections.length > 0 && projections.every((projection) => projection.caughtUp)) break;
      if (tries > 300) throw new Error(`never caught up: ${JSON.stringify(health)}`);
      await sleep(100);
    }
    expect([0, 'SIGTERM']).toContain(await last.stop());
    service = null;

    // Straight from the file: each acknowledged answer's position holds that customer's event.
    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const at = db.prepare<[number], { stream: string }>('SELECT stream FROM events WHERE position = ?');
    const missing = acknowledged.filter(({ id, position }) => at.get(Number(position))?.stream !== `customer-${id}`);
    db.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(ROUNDS * ACKS_BEFORE_KILL);
    expect(missing).toEqual([]);

    const eventStore = SqliteEventStore.open(join(dataDir, 'events.db'));
    const readStore = EmbeddedReadStore.open(join(dataDir, 'read.db'));
    try {
      expect(await verifyLog(eventStore)).toMatchObject({ broken: 0, unhashed: 0, first: null });
      const reports = await verifyProjections({ eventStore, readStore }, ALL_PROJECTIONS);
      for (const report of reports) expect(report).toMatchObject({ missing: [], extra: [], different: [], counters: [] });
      expect(reports.find((report) => report.projection === 'customers')?.checked).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await Promise.all([eventStore.close(), readStore.close()]);
    }
  }, 240_000);
});
