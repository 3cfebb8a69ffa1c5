import { Module } from '@nestjs/common';
import { ProjectionWorker } from './projection-worker';
import { TimerWorker } from './timer-worker';
import { TestClockWorker } from './test-clock-worker';
import { WorkerLease } from './worker-lease';

/** Projections and timers, run by whichever worker instance holds the lease; in-process when embedded. */
@Module({ providers: [ProjectionWorker, TimerWorker, TestClockWorker, WorkerLease], exports: [WorkerLease] })
export class WorkerModule {}
