import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, SharedTestClock, TEST_CLOCK_FOLLOW_MS, TimerLoop } from '@ledger/application';

/**
 * Carries out test clock advances asked for by any api process (SharedTestClock): the
 * lease holder moves its clock, fires everything due by then (TimerLoop.drain, which
 * waits for the read models between rounds) and answers with the head it reached.
 * Runs with the lease, like the timer scan; inert unless TEST_CLOCK=enabled.
 */
@Injectable()
export class TestClockWorker {
  private readonly logger = new Logger('test-clock');
  private timer: NodeJS.Timeout | null = null;
  private serving: Promise<void> | null = null;

  constructor(
    private readonly clock: SharedTestClock,
    private readonly loop: TimerLoop,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  start(): void {
    if (this.timer || !this.clock.enabled) return;
    this.timer = setInterval(() => {
      this.serving ??= this.serveOne()
        .catch((error: Error) => this.logger.error(`test clock request failed: ${error.message}`))
        .finally(() => (this.serving = null));
    }, TEST_CLOCK_FOLLOW_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.serving;
  }

  private async serveOne(): Promise<void> {
    const request = await this.clock.pendingRequest();
    if (!request) return;
    try {
      await this.clock.moveTo(new Date(request.now));
      await this.loop.drain();
      await this.clock.answer(request, { head: await this.eventStore.headPosition() });
    } catch (error) {
      await this.clock.answer(request, { error: (error as Error).message });
    }
  }
}
