import { Module } from '@nestjs/common';
import { ProjectionWorker } from './projection-worker';

/** Projections (and timers): one instance per deployment with the real stores, in-process when embedded. */
@Module({ providers: [ProjectionWorker] })
export class WorkerModule {}
