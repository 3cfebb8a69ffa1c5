import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { getPriority, setPriority } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PROJECTION_ACTIVITY, ProjectionActivity } from '@ledger/application';
import { isWorkerMessage } from './worker-messages';

/** The flag that makes the api's entry point run the worker side instead (see WorkerProcess). */
export const WORKER_SIDE_FLAG = '--worker-side';
/** Given to the first worker process only: the api checked the stores' pages a moment before (a restart checks again). */
export const STORES_CHECKED_FLAG = '--stores-checked';
/** A worker that does not stop within this long after SIGTERM is killed. */
const STOP_PATIENCE_MS = 10_000;
const RESTART_DELAYS_MS = [500, 1000, 2000, 5000, 10_000, 30_000];
/** A worker that ran this long before it died restarts after the shortest delay again. */
const HEALTHY_RUN_MS = 60_000;
/**
 * How much nicer the worker process is than the api: where both share the cores, requests come first and the
 * worker takes what they leave. Lagging, it handles bigger batches, which cost it less per
 * event. Measured on 2 cores under suspend/reactivate load: 2,138-2,400 -> 3,028-3,029 rps at
 * 16 connections, 3,314-3,495 -> 3,902-3,929 at 64; the worker's CPU per command fell from
 * 126-173 to 106-111 µs. The projection lag at 150 commands/s is unchanged (idle CPU remains).
 */
export const WORKER_NICENESS = 10;

/**
 * `npm start`: the worker side in a child process of the api, so the HTTP event loop serves
 * requests and decides commands, nothing else. A child process rather than a worker thread:
 * it is the very process the scaled-apart topology runs (same entry, same composition root),
 * it has its own heap and its own event loop, a fault in it (a native SQLite error, an
 * out-of-memory rebuild) cannot take the api down, and the embedded lease (an OS lock) stays
 * a per-process lease with the same kill -9 semantics. It is started from this process's own
 * entry point with WORKER_SIDE_FLAG, so it runs from the build or the sources alike. It dies
 * with the api (its IPC channel closes) and is restarted, with growing delays, if it dies
 * on its own. It runs at a lower priority (WORKER_NICENESS).
 */
@Injectable()
export class WorkerProcess implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('worker-process');
  private child: ChildProcess | null = null;
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private childReady = false;
  private spawned = false;

  constructor(@Inject(PROJECTION_ACTIVITY) private readonly activity: ProjectionActivity) {}

  /** True while a worker process is being started or restarted (not yet reporting ready). */
  get isStarting(): boolean {
    return !this.stopping && !this.childReady;
  }

  /** As early as the api's own start-up allows: the two boot side by side. */
  onModuleInit(): void {
    this.spawn();
  }

  private spawn(): void {
    const entry = process.argv[1];
    const args = [...process.argv.slice(2).filter((arg) => arg !== '--api-only' && arg !== WORKER_SIDE_FLAG && arg !== STORES_CHECKED_FLAG), WORKER_SIDE_FLAG];
    if (!this.spawned) args.push(STORES_CHECKED_FLAG);
    this.spawned = true;
    const startedAt = Date.now();
    this.childReady = false;
    const child = fork(entry, args, { execArgv: process.execArgv, env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    this.lowerPriority(child);
    child.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      if (message.type === 'ready') {
        this.logger.log(`worker side running in process ${message.pid}`);
        if (this.child === child) this.childReady = true;
      }
      else if (message.change.kind === 'committed') this.activity.committedUpTo(message.change.position);
      else this.activity.reportProgress(message.change.progress);
    });
    child.once('exit', (code, signal) => {
      if (this.child === child) {
        this.child = null;
        this.childReady = false;
      }
      if (this.stopping) return;
      if (Date.now() - startedAt > HEALTHY_RUN_MS) this.restarts = 0;
      const delay = RESTART_DELAYS_MS[Math.min(this.restarts++, RESTART_DELAYS_MS.length - 1)];
      this.logger.error(`the worker process exited (${signal ?? `code ${code}`}); restarting it in ${delay} ms`);
      this.restartTimer = setTimeout(() => this.spawn(), delay);
    });
  }

  private lowerPriority(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
      // Relative to the api's own niceness (19 is the lowest priority there is).
      setPriority(child.pid, Math.min(19, getPriority() + WORKER_NICENESS));
    } catch (error) {
      this.logger.warn(`could not lower the worker process's priority (${(error as Error).message}); it shares the CPU with requests equally`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const patience = setTimeout(() => child.kill('SIGKILL'), STOP_PATIENCE_MS);
    await exited;
    clearTimeout(patience);
  }
}
