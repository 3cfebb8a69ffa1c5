import { Module } from '@nestjs/common';
import { LogConsumerWorker } from './log-consumer-worker';
import { TimerWorker } from './timer-worker';
import { TestClockWorker } from './test-clock-worker';
import { WorkerLease } from './worker-lease';

/** The worker side: the log consumer, timers and test clock advances, run by whichever worker instance holds the lease. */
@Module({ providers: [LogConsumerWorker, TimerWorker, TestClockWorker, WorkerLease], exports: [WorkerLease] })
export class WorkerModule {}
