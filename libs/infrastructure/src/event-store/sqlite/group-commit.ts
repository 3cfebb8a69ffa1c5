/** What one unit of work came to inside a shared commit: its own value or its own error. */
export type UnitOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<U, R> {
  unit: U;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** Units per transaction, so that one huge burst does not make one huge transaction. */
const MAX_UNITS_PER_COMMIT = 1000;

/**
 * Group commit: one commit in flight at a time; units submitted while it runs wait and
 * all go into the next one, so they share its transaction and its fsync. An idle
 * committer waits for the end of the current turn of the event loop first, so the
 * appends of one burst of requests start together. `commit` decides every unit on its
 * own (a unit's failure is its outcome, not the group's) and rejects only when the
 * transaction itself failed, which fails every unit of it. No unit settles before its
 * commit returned: nothing is acknowledged before it is durable.
 */
export class GroupCommit<U, R> {
  private queue: Pending<U, R>[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly commit: (units: U[]) => Promise<UnitOutcome<R>[]>,
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  submit(unit: U): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ unit, resolve, reject });
      // setImmediate runs after this turn's I/O callbacks and their microtasks: every
      // command that reached its append in this turn joins the same commit.
      if (!this.inFlight) this.scheduled ??= setImmediate(() => this.start());
    });
  }

  /** Resolves once everything submitted so far is committed (or failed): used on close. */
  async flush(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.start();
      await this.inFlight;
    }
  }

  private start(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.inFlight || this.queue.length === 0) return;
    const group = this.queue.splice(0, MAX_UNITS_PER_COMMIT);
    this.inFlight = this.run(group).finally(() => {
      this.inFlight = null;
      // What arrived during that commit goes now: it has waited long enough.
      if (this.queue.length > 0) this.start();
    });
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
