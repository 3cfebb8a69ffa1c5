/** What one unit of work came to inside a shared commit: its own value or its own error. */
export type UnitOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<U, R> {
  unit: U;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** Units per transaction, so that one huge burst does not hold the thread for long. */
const MAX_UNITS_PER_COMMIT = 1000;

/**
 * Group commit: units submitted while the thread is busy (the same turn of the event
 * loop, or while the previous commit ran) are written by one `commit` call, i.e. one
 * transaction and one fsync. `commit` decides every unit on its own (a unit's failure
 * is its outcome, not the group's) and throws only when the transaction itself failed,
 * which fails every unit of it. No unit's promise settles before `commit` returned, so
 * nothing is acknowledged before it is durable.
 */
export class GroupCommit<U, R> {
  private queue: Pending<U, R>[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly commit: (units: U[]) => UnitOutcome<R>[],
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  submit(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      // setImmediate runs after this turn's I/O callbacks and their microtasks: every
      // command that reached its append in this turn joins the same transaction.
      this.scheduled ??= setImmediate(() => this.commitScheduled());
    });
  }

  /** Commits everything queued now (on close, so that nothing queued is dropped). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    while (this.queue.length > 0) this.commitNext();
  }

  private commitScheduled(): void {
    this.scheduled = null;
    this.commitNext();
    // A burst longer than one group: let I/O in between the commits.
    if (this.queue.length > 0) this.scheduled = setImmediate(() => this.commitScheduled());
  }

  private commitNext(): void {
    const group = this.queue.splice(0, MAX_UNITS_PER_COMMIT);
    let outcomes: UnitOutcome<R>[];
    try {
      outcomes = this.commit(group.map((pending) => pending.unit));
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

  get pending(): number {
    return this.queue.length;
  }
}
