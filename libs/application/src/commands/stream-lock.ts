/**
 * Serialises deciders on one stream inside this process, so that a burst of commands on
 * a hot stream (50 purchases for one customer) queues instead of burning retries. It is
 * an optimisation only: across processes the expected revision of every append is what
 * keeps the stream consistent.
 */
export class StreamLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(stream) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(stream, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    }
  }
}

export const streamLocks = new StreamLocks();
