import { canonicalStringify, chainHash, expectedHash, hashableJson } from './event-hash';
import { NewEvent, RecordedEvent } from '../ports/event-store.port';

const base: NewEvent = {
  id: '7d4f3b36-5f7e-4bd6-9d4b-3f5a4d0c9e01',
  type: 'SubscriptionSuspended',
  data: { reason: 'non-payment', amounts: [1, 2] },
  metadata: { correlationId: 'c-1', causationId: null, actor: { userId: 'u', partnerId: 'p', roles: ['admin-agent'] }, occurredAt: '2026-01-31T09:00:00.000Z', schema: 1 },
};

describe('R21 event hashes (pure)', () => {
  it('R21: canonical JSON ignores key order and undefined members, keeps array order', () => {
    expect(canonicalStringify({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
    expect(canonicalStringify({ a: { d: [2, 1] }, b: 1 })).toBe(canonicalStringify({ b: 1, a: { d: [2, 1] } }));
    expect(canonicalStringify([undefined, new Date(0)])).toBe('[null,"1970-01-01T00:00:00.000Z"]');
  });

  it('R21: the hash covers id, type, data and metadata (in any key order), but not the hash fields themselves', () => {
    const recorded: RecordedEvent = { ...base, stream: 'subscription-1', revision: 0, position: '0000000000000001' };
    const hash = expectedHash(recorded, null);
    const reordered = { schema: 1, occurredAt: base.metadata.occurredAt, actor: { roles: ['admin-agent'], partnerId: 'p', userId: 'u' }, causationId: null, correlationId: 'c-1' };
    expect(expectedHash({ ...recorded, metadata: reordered }, null)).toBe(hash);
    expect(expectedHash({ ...recorded, metadata: { ...base.metadata, hash: 'x', previousHash: 'y' } }, null)).toBe(hash);
    expect(expectedHash({ ...recorded, id: 'other' }, null)).not.toBe(hash);
    expect(expectedHash({ ...recorded, type: 'SubscriptionCancelled' }, null)).not.toBe(hash);
    expect(expectedHash({ ...recorded, data: { reason: 'non-payment', amounts: [2, 1] } }, null)).not.toBe(hash);
    expect(expectedHash({ ...recorded, metadata: { ...base.metadata, occurredAt: '2026-01-31T09:00:00.001Z' } }, null)).not.toBe(hash);
  });

  it('R21: the chained hash depends on the previous hash, the stream and the revision, not on the position', () => {
    const recorded: RecordedEvent = { ...base, stream: 'subscription-1', revision: 3, position: '0000000000000042' };
    const hash = expectedHash(recorded, 'a'.repeat(64));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(expectedHash({ ...recorded, position: '0000000000000099' }, 'a'.repeat(64))).toBe(hash);
    expect(expectedHash(recorded, 'b'.repeat(64))).not.toBe(hash);
    expect(expectedHash(recorded, null)).not.toBe(hash);
    expect(expectedHash({ ...recorded, revision: 4 }, 'a'.repeat(64))).not.toBe(hash);
    expect(expectedHash({ ...recorded, stream: 'subscription-2' }, 'a'.repeat(64))).not.toBe(hash);
    expect(chainHash('a'.repeat(64), { stream: 'subscription-1', revision: 3, id: base.id, type: base.type, ...hashableJson(base) })).toBe(hash);
  });
});
