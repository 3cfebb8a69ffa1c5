import { CurrentEvent } from '../commands/upcasting';
import { EventStore, Position } from '../ports/event-store.port';
import { CommitBatch, ReadStore } from '../ports/read-store.port';
import { Workflow } from './workflow';
import { WORKFLOWS_CHECKPOINT, WorkflowRunner } from './workflow-runner';

const at = (n: number): Position => String(n).padStart(16, '0');
const event = (n: number) => ({ id: `e${n}`, type: 'SubscriptionSuspended', position: at(n) }) as unknown as CurrentEvent;
const batch = (...ns: number[]) => ({ stored: [], events: ns.map(event), end: at(ns[ns.length - 1]) });

/** Everything in the order it happened: effects and checkpoint commits. */
function setup(head: Position | null, stored: Position | null) {
  const journal: string[] = [];
  let checkpoint = stored;
  const readStore = {
    getCheckpoint: async () => checkpoint,
    commit: async ({ checkpoints }: CommitBatch) => {
      for (const c of checkpoints ?? []) {
        journal.push(`checkpoint ${Number(c.position)}`);
        checkpoint = c.position;
      }
      return { applied: 0 };
    },
  } as unknown as ReadStore;
  const eventStore = { headPosition: async () => head } as unknown as EventStore;
  let failures = 1;
  const recorder = (name: string, failOn?: number): Workflow => ({
    name,
    handles: () => true,
    react: async (e) => {
      if (Number(e.position) === failOn && failures-- > 0) throw new Error('store unavailable');
      journal.push(`${name} ${Number(e.position)}`);
    },
  });
  const runner = new WorkflowRunner(eventStore, readStore, [recorder('a'), recorder('b', 2)]);
  return { runner, journal, checkpoint: () => checkpoint };
}

describe('workflow runner (a processor of the log consumer)', () => {
  it('commits its checkpoint after the effects; a failure keeps what the batch finished and repeats only the rest', async () => {
    const { runner, journal, checkpoint } = setup(at(9), at(0));
    expect(await runner.resume()).toBe(at(0));
    await expect(runner.handle(batch(1, 2, 3))).rejects.toThrow('b failed on SubscriptionSuspended e2 at 0000000000000002: store unavailable');
    expect(checkpoint()).toBe(at(1));
    // The consumer resumes it from the checkpoint and hands over what follows it.
    expect(await runner.resume()).toBe(at(1));
    await runner.handle(batch(2, 3));
    expect(journal).toEqual(['a 1', 'b 1', 'a 2', 'checkpoint 1', 'a 2', 'b 2', 'a 3', 'b 3', 'checkpoint 3']);
  });

  it('first start over an existing log: follows from its head (the inline paths did the work)', async () => {
    const { runner, checkpoint } = setup(at(42), null);
    expect(await runner.resume()).toBe(at(42));
    expect(checkpoint()).toBe(at(42));
    expect(WORKFLOWS_CHECKPOINT).toBe('workflows.v1');
  });
});
