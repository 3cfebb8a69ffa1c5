import { EventStore } from '@ledger/application';
import { timeAppends } from './event-store-metrics';

describe('timeAppends', () => {
  it('times each append and appendMany, passing answers and errors through', async () => {
    const result = { nextExpectedRevision: 0, position: '1' };
    const store: Pick<EventStore, 'append' | 'appendMany'> = {
      append: async () => result,
      appendMany: async () => {
        throw new Error('wrong expected revision');
      },
    };
    const observed: string[] = [];
    timeAppends(store, (operation, outcome, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      observed.push(`${operation}:${outcome}`);
    });
    await expect(store.append('s', [], 'any')).resolves.toBe(result);
    await expect(store.appendMany([])).rejects.toThrow('wrong expected revision');
    expect(observed).toEqual(['append:ok', 'appendMany:error']);
  });
});
