import { AllSubscription, RecordedEvent } from '@ledger/application';
import { fromPosition } from './positions';

const BATCH = 500;
/**
 * Appends from other processes on the same file are not signalled: poll for them. Since the
 * worker side runs in its own process (npm start included), this is how it hears of every
 * append the api makes, so the poll bounds projection lag; an empty poll is one indexed range
 * read (microseconds), a hundred a second cost nothing.
 */
const POLL_MS = 10;

/**
 * Catch up from `after`, then follow live. In-process appends wake it at once; a short
 * poll picks up appends made by other processes on the same database file.
 */
export class LiveSubscription implements AllSubscription {
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly readAfter: (after: number, limit: number) => RecordedEvent[],
    private after: number,
    listen: (notify: () => void) => () => void,
  ) {
    this.unsubscribe = listen(() => this.wake?.());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    while (!this.closed) {
      let batch: RecordedEvent[];
      try {
        batch = this.readAfter(this.after, BATCH);
      } catch (error) {
        if (this.closed) return;
        throw error;
      }
      for (const event of batch) {
        if (this.closed) return;
        this.after = fromPosition(event.position);
        yield event;
      }
      if (batch.length === 0) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, POLL_MS);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
}
