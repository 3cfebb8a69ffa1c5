/** What one unit of work came to inside a shared commit: its own value or its own error. */
export type UnitOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<U, R> {
  unit: U;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** Units per transaction, so that one huge burst does not make one huge transaction. */
const MAX_UNITS_PER_COMMIT = 1000;

export interface GroupCommitOptions {
  /**
   * Groups handed to `commit` before the first of them settled. 1: a group waits for the
   * commit in flight. More suits a committer that queues groups and merges those waiting
   * into its next transaction (the SQLite writer thread): it starts that transaction the
   * moment the last one ends, without waiting for this thread to hear of it.
   */
  maxInFlight?: number;
  afterCommit?: () => void;
}

/**
 * Group commit: units submitted in one turn of the event loop go to `commit` together at
 * its end (setImmediate), so the appends of one burst of requests start together; units
 * submitted while `maxInFlight` groups are in flight wait and all go in the next group.
 * `commit` decides every unit on its own (a unit's failure is its outcome, not the
 * group's) and rejects only when the transaction itself failed, which fails every unit of
 * it. No unit settles before its commit returned: nothing is acknowledged before it is durable.
 */
export class GroupCommit<U, R> {
  private queue: Pending<U, R>[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxInFlight: number;
  private readonly afterCommit: () => void;

  constructor(
    private readonly commit: (units: U[]) => Promise<UnitOutcome<R>[]>,
    options: GroupCommitOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 1;
    this.afterCommit = options.afterCommit ?? (() => undefined);
  }

  submit(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      // setImmediate runs after this turn's I/O callbacks and their microtasks: every
      // command that reached its append in this turn joins the same group.
      if (this.inFlight.size < this.maxInFlight) this.scheduled ??= setImmediate(() => this.start());
    });
  }

  /** Resolves once everything submitted so far is committed (or failed): used on close. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0 || this.queue.length > 0) {
      this.start();
      await Promise.all(this.inFlight);
    }
  }

  private start(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    while (this.inFlight.size < this.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_UNITS_PER_COMMIT);
      const running: Promise<void> = this.run(group).finally(() => {
        this.inFlight.delete(running);
        // What arrived meanwhile goes now: it has waited long enough.
        if (this.queue.length > 0) this.start();
      });
      this.inFlight.add(running);
    }
  }

  private async run(group: Pending<U, R>[]): Promise<void> {
    let outcomes: UnitOutcome<R>[];
    try {
      outcomes = await this.commit(group.map((pending) => pending.unit));
    } catch (error) {
      group.forEach((pending) => pending.reject(error));
      return;
    }
    if (outcomes.some((outcome) => outcome.ok)) this.afterCommit();
    group.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}
