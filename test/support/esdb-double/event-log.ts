/** The double's storage: one ordered log, streams as views of it. In memory, test-only. */
export interface StoredEvent {
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** commit = prepare here (one event per transaction record). */
  position: bigint;
  created: bigint;
}

export type Expected = { kind: 'any' } | { kind: 'no-stream' } | { kind: 'stream-exists' } | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  | { ok: true; currentRevision: bigint; position: bigint }
  | { ok: false; currentRevision: bigint | null };

export interface Proposed {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

const POSITION_STEP = 100n;
const TICKS_PER_MS = 10_000n;

export class EventLog {
  readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  stream(name: string): StoredEvent[] | undefined {
    return this.streams.get(name);
  }

  /** Expected-version semantics of the server, including its idempotent retry of the same ids. */
  append(stream: string, expected: Expected, proposed: Proposed[]): AppendOutcome {
    const existing = this.streams.get(stream);
    const current = existing?.length ? BigInt(existing.length - 1) : null;
    const repeat = this.repeat(existing ?? [], expected, proposed);
    if (repeat) return repeat;
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no-stream' && current === null) ||
      (expected.kind === 'stream-exists' && current !== null) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!matches) return { ok: false, currentRevision: current };
    const events = existing ?? [];
    for (const message of proposed) {
      const event: StoredEvent = {
        ...message,
        stream,
        revision: BigInt(events.length),
        position: BigInt(this.events.length + 1) * POSITION_STEP,
        created: BigInt(Date.now()) * TICKS_PER_MS,
      };
      events.push(event);
      this.events.push(event);
      this.listeners.forEach((listener) => listener(event));
    }
    this.streams.set(stream, events);
    const last = events[events.length - 1];
    return { ok: true, currentRevision: last.revision, position: last.position };
  }

  private repeat(events: StoredEvent[], expected: Expected, proposed: Proposed[]): AppendOutcome | null {
    const first = expected.kind === 'no-stream' ? 0 : expected.kind === 'revision' ? Number(expected.revision) + 1 : null;
    if (first === null || proposed.length === 0) return null;
    const stored = events.slice(first, first + proposed.length);
    if (stored.length !== proposed.length || !stored.every((event, i) => event.id === proposed[i].id)) return null;
    const last = stored[stored.length - 1];
    return { ok: true, currentRevision: last.revision, position: last.position };
  }

  onAppend(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
