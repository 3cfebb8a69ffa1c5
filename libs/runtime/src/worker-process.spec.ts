import { EventEmitter } from 'node:events';
import { fork } from 'node:child_process';
import { ProjectionActivity } from '@ledger/application';
import { STORES_CHECKED_FLAG, WORKER_SIDE_FLAG, WorkerProcess } from './worker-process';

jest.mock('node:child_process', () => ({ fork: jest.fn() }));

class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  kill = jest.fn(() => this.emit('exit', null, 'SIGTERM'));
}

describe('WorkerProcess (npm start: the worker side in a child process)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('tells the first worker process that the api has just checked the stores; one restarted after a crash checks them itself', async () => {
    const children: FakeChild[] = [];
    jest.mocked(fork).mockImplementation(() => {
      children.push(new FakeChild());
      return children.at(-1) as never;
    });
    const worker = new WorkerProcess({} as ProjectionActivity);
    worker.onModuleInit();
    const firstArgs = jest.mocked(fork).mock.calls[0][1] as string[];
    expect(firstArgs).toEqual(expect.arrayContaining([WORKER_SIDE_FLAG, STORES_CHECKED_FLAG]));

    children[0].exitCode = 1;
    children[0].emit('exit', 1, null);
    jest.advanceTimersByTime(500);
    const restartArgs = jest.mocked(fork).mock.calls[1][1] as string[];
    expect(restartArgs).toContain(WORKER_SIDE_FLAG);
    expect(restartArgs).not.toContain(STORES_CHECKED_FLAG);
    await worker.onApplicationShutdown();
  });
});
