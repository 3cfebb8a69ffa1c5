import { setImmediate } from 'node:timers/promises';
import { GroupCommit, UnitOutcome } from './group-commit';

/** A committer whose commits the test ends by hand, recording the groups it was given. */
function manualCommitter() {
  const groups: string[][] = [];
  const ends: Array<() => void> = [];
  const commit = (units: string[]) =>
    new Promise<UnitOutcome<string>[]>((resolve) => {
      groups.push(units);
      ends.push(() => resolve(units.map((unit) => (unit.startsWith('bad') ? { ok: false, error: new Error(unit) } : { ok: true, value: `${unit} done` }))));
    });
  return { groups, commit, endNext: () => ends.shift()!() };
}

describe('GroupCommit', () => {
  it('hands the units submitted in one turn of the event loop over together', async () => {
    const committer = manualCommitter();
    const group = new GroupCommit(committer.commit);
    const answers = [group.submit('a'), group.submit('b'), group.submit('c')];
    await setImmediate();
    expect(committer.groups).toEqual([['a', 'b', 'c']]);
    committer.endNext();
    await expect(Promise.all(answers)).resolves.toEqual(['a done', 'b done', 'c done']);
  });

  it('with one in flight, units submitted during a commit wait and go together after it', async () => {
    const committer = manualCommitter();
    const group = new GroupCommit(committer.commit);
    const first = group.submit('a');
    await setImmediate();
    const later = [group.submit('b')];
    await setImmediate();
    later.push(group.submit('c'));
    await setImmediate();
    expect(committer.groups).toEqual([['a']]);
    committer.endNext();
    await first;
    await setImmediate();
    expect(committer.groups).toEqual([['a'], ['b', 'c']]);
    committer.endNext();
    await expect(Promise.all(later)).resolves.toEqual(['b done', 'c done']);
  });

  it('with more in flight, hands a turn\'s units over before the earlier commits are answered, up to the limit', async () => {
    const committer = manualCommitter();
    const group = new GroupCommit(committer.commit, { maxInFlight: 2 });
    const answers = [group.submit('a')];
    await setImmediate();
    answers.push(group.submit('b'));
    await setImmediate();
    answers.push(group.submit('c'));
    await setImmediate();
    expect(committer.groups).toEqual([['a'], ['b']]);
    committer.endNext();
    await answers[0];
    await setImmediate();
    expect(committer.groups).toEqual([['a'], ['b'], ['c']]);
    committer.endNext();
    committer.endNext();
    await expect(Promise.all(answers)).resolves.toEqual(['a done', 'b done', 'c done']);
  });

  it('settles each unit with its own outcome, and calls afterCommit once a group has one that went in', async () => {
    const committer = manualCommitter();
    let notified = 0;
    const group = new GroupCommit(committer.commit, { afterCommit: () => notified++ });
    const good = group.submit('a');
    const bad = group.submit('bad one');
    await setImmediate();
    committer.endNext();
    await expect(good).resolves.toBe('a done');
    await expect(bad).rejects.toThrow('bad one');
    expect(notified).toBe(1);
  });

  it('fails every unit of a group whose commit failed', async () => {
    const group = new GroupCommit<string, string>(() => Promise.reject(new Error('disk full')));
    const answers = [group.submit('a'), group.submit('b')].map((answer) => answer.catch((error: Error) => error.message));
    await expect(Promise.all(answers)).resolves.toEqual(['disk full', 'disk full']);
  });

  it('flush resolves only once everything submitted before it is committed', async () => {
    const committer = manualCommitter();
    const group = new GroupCommit(committer.commit, { maxInFlight: 4 });
    const answers = [group.submit('a')];
    await setImmediate();
    answers.push(group.submit('b'));
    let flushed = false;
    const flushing = group.flush().then(() => (flushed = true));
    await setImmediate();
    expect(committer.groups).toEqual([['a'], ['b']]);
    committer.endNext();
    await setImmediate();
    expect(flushed).toBe(false);
    committer.endNext();
    await flushing;
    await expect(Promise.all(answers)).resolves.toEqual(['a done', 'b done']);
  });
});
