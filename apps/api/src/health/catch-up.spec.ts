import { CatchUpProgress, ProjectionLag } from '@ledger/application';
import { CatchUpView } from './catch-up';

const lag = (projection: string, checkpoint: string | null, head: string | null): ProjectionLag => ({ projection, checkpoint, head, caughtUp: checkpoint === head });
const reported = (eventsPerSecond: number, phase: CatchUpProgress['phase'] = 'catching-up'): CatchUpProgress => ({ phase, position: '0000000000000010', head: '0000000000000100', eventsBehind: 90, eventsPerSecond, etaSeconds: 1 });

describe("/health's catch-up figures, from the checkpoints now (issue 19: they kept their boot-time values)", () => {
  it('behind: the slowest checkpoint, events behind it, and the rate and ETA the worker side reported', () => {
    const view = new CatchUpView();
    const figures = view.current([lag('customers', '0000000000000080', '0000000000000100'), lag('ledger', '0000000000000040', '0000000000000100')], reported(30));
    expect(figures).toEqual({ phase: 'catching-up', position: '0000000000000040', head: '0000000000000100', eventsBehind: 60, eventsPerSecond: 30, etaSeconds: 2 });
  });

  it('caught up: live, nothing behind, whatever the worker side reported at boot', () => {
    const view = new CatchUpView();
    const figures = view.current([lag('customers', '0000000000000100', '0000000000000100')], reported(15_500));
    expect(figures).toEqual({ phase: 'live', position: '0000000000000100', head: '0000000000000100', eventsBehind: 0, eventsPerSecond: 0, etaSeconds: 0 });
  });

  it('behind with no worker reporting (an api apart from its workers): the position from the checkpoints, no rate, no ETA', () => {
    const view = new CatchUpView();
    const figures = view.current([lag('customers', null, '0000000000000031')], null);
    expect(figures).toEqual({ phase: 'catching-up', position: null, head: '0000000000000031', eventsBehind: 31, eventsPerSecond: 0, etaSeconds: null });
  });

  it('a rate reported more than 10 s ago no longer counts', () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-02T12:00:00Z') });
    try {
      const view = new CatchUpView();
      const report = reported(50);
      const behind = [lag('customers', '0000000000000050', '0000000000000100')];
      expect(view.current(behind, report)?.eventsPerSecond).toBe(50);
      jest.setSystemTime(Date.parse('2026-12-02T12:00:11Z'));
      expect(view.current(behind, report)).toMatchObject({ eventsPerSecond: 0, etaSeconds: null, eventsBehind: 50 });
    } finally {
      jest.useRealTimers();
    }
  });
});
