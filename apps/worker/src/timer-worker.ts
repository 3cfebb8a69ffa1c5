import { Inject, Injectable, Logger } from '@nestjs/common';
import { PROJECTION_ACTIVITY, ProjectionActivity, TimerLoop } from '@ledger/application';

const SCAN_EVERY_MS = 1000;

/**
 * Scans for due timers every second through the TimerLoop (a round running, or a test
 * clock advance holding the loop, means no scan); none runs while the read models catch
 * up (their due times would be stale).
 */
@Injectable()
export class TimerWorker {
  private readonly logger = new Logger('timers');
  private timer: NodeJS.Timeout | null = null;
  private scan: Promise<unknown> | null = null;

  constructor(
    private readonly loop: TimerLoop,
    @Inject(PROJECTION_ACTIVITY) private readonly activity: ProjectionActivity,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.scan || this.activity.catchUp()?.phase === 'catching-up') return;
      const round = this.loop.tick();
      if (!round) return;
      this.scan = round
        .then((fired) => fired > 0 && this.logger.log(`fired ${fired} timer(s)`))
        .catch((error: unknown) => this.logger.error(`timer scan failed: ${(error as Error).message}`))
        .finally(() => (this.scan = null));
    }, SCAN_EVERY_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scan;
  }
}
