import { UuidIdGenerator } from './uuid-id-generator';

describe('UuidIdGenerator', () => {
  const ids = new UuidIdGenerator();

  it('makes RFC 9562 version 7 UUIDs', () => {
    expect(ids.newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('makes ids that sort in the order they were made, so appends land at the right edge of the id indexes', () => {
    const made = Array.from({ length: 10_000 }, () => ids.newId());
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
  });
});
