import { Module } from '@nestjs/common';
import { ProjectionWorker } from './projection-worker';
import { TimerWorker } from './timer-worker';

/** Projections and timers: one instance per deployment with the real stores, in-process when embedded. */
@Module({ providers: [ProjectionWorker, TimerWorker] })
export class WorkerModule {}
