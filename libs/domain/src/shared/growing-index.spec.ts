import { GrowingIndex } from './growing-index';

describe('GrowingIndex (R10: a customer\'s orders by Idempotency-Key)', () => {
  it('every version sees exactly the entries added up to it, though versions share storage', () => {
    const empty = GrowingIndex.empty<number>();
    const one = empty.with('a', 1);
    const two = one.with('b', 2);
    expect([empty.get('a'), one.get('a'), one.get('b'), two.get('a'), two.get('b')]).toEqual([undefined, 1, undefined, 1, 2]);
    expect([empty.size, one.size, two.size]).toEqual([0, 1, 2]);
    expect(two.toObject()).toEqual({ a: 1, b: 2 });
    expect(JSON.stringify({ index: one })).toBe('{"index":{"a":1}}');
  });

  it('growing an older version again forks it: neither line of growth sees the other\'s entries', () => {
    const one = GrowingIndex.empty<string>().with('a', 'first');
    const left = one.with('b', 'left');
    const right = one.with('c', 'right');
    const rightAgain = right.with('b', 'right-b');
    expect(left.toObject()).toEqual({ a: 'first', b: 'left' });
    expect(right.toObject()).toEqual({ a: 'first', c: 'right' });
    expect(rightAgain.toObject()).toEqual({ a: 'first', c: 'right', b: 'right-b' });
    expect(one.toObject()).toEqual({ a: 'first' });
    expect(left.with('d', 'left-d').toObject()).toEqual({ a: 'first', b: 'left', d: 'left-d' });
  });

  it('refuses to replace an entry a version holds', () => {
    expect(() => GrowingIndex.empty<number>().with('a', 1).with('a', 2)).toThrow('already indexed');
  });

  it('grows in constant time: 100,000 keys, each version still answering for its own', () => {
    let index = GrowingIndex.empty<number>();
    const versions: GrowingIndex<number>[] = [];
    for (let i = 0; i < 100_000; i++) {
      index = index.with(`key-${i}`, i);
      if (i % 10_000 === 0) versions.push(index);
    }
    expect(index.get('key-99999')).toBe(99_999);
    versions.forEach((version, n) => {
      expect(version.get(`key-${n * 10_000}`)).toBe(n * 10_000);
      expect(version.get(`key-${n * 10_000 + 1}`)).toBeUndefined();
    });
  });
});
