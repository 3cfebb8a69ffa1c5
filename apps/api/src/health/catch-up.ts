import { CatchUpProgress, comparePositions, eventsBetween, ProjectionLag } from '@ledger/application';

/** Rate and ETA figures from the worker side count only while this fresh. */
const PROGRESS_FRESH_MS = 10_000;

interface Reported {
  progress: CatchUpProgress;
  at: number;
}

/**
 * Where the read models stand now, from their checkpoints (so it is current whichever process
 * projects), with the worker side's replay rate and ETA when it reported them recently.
 */
export class CatchUpView {
  private lastReport: Reported | null = null;

  current(lags: ProjectionLag[], reported: CatchUpProgress | null): CatchUpProgress | null {
    if (lags.length === 0) return reported;
    const lastReport = this.track(reported);
    const slowest = lags.map((lag) => lag.checkpoint).reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b));
    const head = lags[0].head;
    const behind = comparePositions(slowest, head) < 0;
    const fresh = behind && lastReport !== null && Date.now() - lastReport.at <= PROGRESS_FRESH_MS && lastReport.progress.phase === 'catching-up' ? lastReport.progress : null;
    const eventsBehind = eventsBetween(slowest, head);
    return {
      phase: behind ? 'catching-up' : 'live',
      position: slowest,
      head,
      eventsBehind,
      eventsPerSecond: fresh?.eventsPerSecond ?? 0,
      etaSeconds: !behind ? 0 : fresh && eventsBehind !== null && fresh.eventsPerSecond > 0 ? Math.ceil(eventsBehind / fresh.eventsPerSecond) : null,
    };
  }

  private track(reported: CatchUpProgress | null): Reported | null {
    if (reported && reported !== this.lastReport?.progress) this.lastReport = { progress: reported, at: Date.now() };
    return this.lastReport;
  }
}
