import { Injectable } from '@nestjs/common';

/**
 * Work that falls due on the injected clock besides subscription timers (webhook
 * retries, ...). The timer loop fires every source on each scan, and the test clock's
 * advance fires them all until none has anything due at or before the new now.
 */
export interface DueWorkSource {
  readonly name: string;
  /** Fires (or starts) everything due at or before `now`; answers how many it fired. */
  fireDue(now: Date): Promise<number>;
}

/** Sources register themselves at module init; the timer loop and the test clock read the list. */
@Injectable()
export class DueWorkRegistry {
  private readonly sources: DueWorkSource[] = [];

  register(source: DueWorkSource): void {
    if (!this.sources.some((s) => s.name === source.name)) this.sources.push(source);
  }

  list(): readonly DueWorkSource[] {
    return this.sources;
  }
}
