import { Test } from '@nestjs/testing';
import { READ_STORE, ReadStore } from '@ledger/application';
import { LogConsumerWorker } from '../log-consumer-worker';
import { TestClockWorker } from '../test-clock-worker';
import { TimerWorker } from '../timer-worker';
import { WorkerLease } from '../worker-lease';

/** When a worker instance ran the worker side (wall-clock ms, as lease expiries are). Test-only. */
export interface LeaseRun {
  instance: string;
  from: number;
  to: number | null;
}

/**
 * A worker instance whose lease is real and whose work is recorded, not done: when the lease
 * starts and stops the log consumer, `runs` says so. Test-only.
 */
export async function leaseInstance(name: string, store: Pick<ReadStore, 'tryAcquireLease' | 'releaseLease' | 'leaseHolder'>, runs: LeaseRun[]) {
  const running = () => runs.find((run) => run.instance === name && run.to === null);
  const module = await Test.createTestingModule({
    providers: [
      WorkerLease,
      { provide: READ_STORE, useValue: store },
      {
        provide: LogConsumerWorker,
        useValue: {
          start: () => running() ?? runs.push({ instance: name, from: Date.now(), to: null }),
          stop: async () => {
            const run = running();
            if (run) run.to = Date.now();
          },
        },
      },
      { provide: TimerWorker, useValue: { start: () => undefined, stop: async () => undefined } },
      { provide: TestClockWorker, useValue: { start: () => undefined, stop: async () => undefined } },
    ],
  }).compile();
  await module.init();
  return { module, lease: module.get(WorkerLease) };
}
