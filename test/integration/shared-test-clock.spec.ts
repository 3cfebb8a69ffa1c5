import { AdvanceFailedError, SharedTestClock } from '@ledger/application';
import { TestClock } from '@ledger/infrastructure/clock/test-clock';
import { OpenedReadStore, READ_STORE_ADAPTERS } from '../support/read-store-adapters';

/**
 * The test clock shared by processes on one read store (the api, its worker process, workers
 * apart): each follows the instant recorded there, the latest wins, and an advance asked by one
 * is carried out and answered by another (the worker holding the lease).
 */
describe.each(READ_STORE_ADAPTERS)('shared test clock (R19, TEST_CLOCK=enabled; $name read store)', ({ open }) => {
  let opened: OpenedReadStore;
  const clocks: SharedTestClock[] = [];

  /** Each process has its own connection to the one read store. */
  async function startProcess(start: string) {
    const store = await opened.another();
    const local = new TestClock(new Date(start));
    const shared = new SharedTestClock(store, local);
    clocks.push(shared);
    await shared.onModuleInit();
    return { local, shared };
  }

  beforeEach(async () => (opened = await open()));
  afterEach(async () => {
    await Promise.all(clocks.splice(0).map((clock) => clock.onModuleDestroy()));
    await opened.cleanup();
  });

  it('R19: processes converge on the latest instant, and a move in one reaches the others; never backwards', async () => {
    const api = await startProcess('2026-03-01T00:00:00Z');
    const worker = await startProcess('2026-03-01T00:00:02Z'); // started later: ahead
    await api.shared.follow();
    expect(api.local.now().toISOString()).toBe('2026-03-01T00:00:02.000Z');

    await api.shared.moveTo(new Date('2026-04-01T00:00:00Z'));
    await worker.shared.follow();
    expect(worker.local.now().toISOString()).toBe('2026-04-01T00:00:00.000Z');

    await worker.shared.moveTo(new Date('2026-03-15T00:00:00Z')); // behind: nothing moves back
    await api.shared.follow();
    expect(api.local.now().toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(worker.local.now().toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });

  it('R19: an advance asked by the api is answered by the worker with the head it reached, once; a failure comes back as the worker said it', async () => {
    const api = await startProcess('2026-03-01T00:00:00Z');
    const worker = await startProcess('2026-03-01T00:00:00Z');
    const answered: string[] = [];
    const serve = async (outcome: { head: string } | { error: string }) => {
      for (;;) {
        const request = await worker.shared.pendingRequest();
        if (request) {
          await worker.shared.moveTo(new Date(request.now));
          answered.push(request.now);
          await worker.shared.answer(request, outcome);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };

    const [head] = await Promise.all([api.shared.requestAdvance(new Date('2026-05-01T00:00:00Z'), 5000), serve({ head: '0000000000000042' })]);
    expect(head).toBe('0000000000000042');
    expect(worker.local.now().toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(await worker.shared.pendingRequest()).toBeNull();

    const failed = Promise.all([api.shared.requestAdvance(new Date('2026-06-01T00:00:00Z'), 5000), serve({ error: '2 timer(s) stay due but fire nothing' })]);
    await expect(failed).rejects.toThrow(new AdvanceFailedError('2 timer(s) stay due but fire nothing'));
    expect(answered).toEqual(['2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);
  });

  it('R19: with no worker to answer, an advance gives up after its timeout saying why', async () => {
    const api = await startProcess('2026-03-01T00:00:00Z');
    await expect(api.shared.requestAdvance(new Date('2026-03-02T00:00:00Z'), 200)).rejects.toThrow(/no worker fired the timers due by 2026-03-02T00:00:00.000Z within 0.2 s/);
  });
});
