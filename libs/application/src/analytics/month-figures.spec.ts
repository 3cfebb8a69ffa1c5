import { countersByMonth, monthlyFigures, monthRange, utcMonth } from './month-figures';

describe('monthly figures from stored month changes (R24)', () => {
  it('R24: carries active and MRR forward from months before the range and through months without events, which show zeros', () => {
    const stored = countersByMonth({
      '2025-11:active': 2,
      '2025-11:mrrCents': 5000,
      '2026-01:purchased': 1,
      '2026-01:active': 1,
      '2026-01:mrrCents': 1000,
      '2026-01:chargesCents': 1200,
      '2026-01:creditsCents': 200,
      '2026-03:cancelled': 1,
      '2026-03:active': -1,
      '2026-03:mrrCents': -5000,
      '2026-05:active': 7,
    });
    const zero = { purchased: 0, cancelled: 0, expired: 0, deleted: 0, chargesCents: 0, creditsCents: 0, netCents: 0 };
    expect(monthlyFigures(stored, '2025-12', '2026-04')).toEqual([
      { month: '2025-12', ...zero, activeAtEnd: 2, mrrAtEndCents: 5000 },
      { month: '2026-01', ...zero, purchased: 1, activeAtEnd: 3, mrrAtEndCents: 6000, chargesCents: 1200, creditsCents: 200, netCents: 1000 },
      { month: '2026-02', ...zero, activeAtEnd: 3, mrrAtEndCents: 6000 },
      { month: '2026-03', ...zero, cancelled: 1, activeAtEnd: 2, mrrAtEndCents: 1000 },
      { month: '2026-04', ...zero, activeAtEnd: 2, mrrAtEndCents: 1000 },
    ]);
  });

  it('R24: ignores counters that are not month figures', () => {
    expect(countersByMonth({ mrrCents: 5, '2026-13:active': 1, '2026-01:bogus': 1, '2026-01:active': 1 })).toEqual(new Map([['2026-01', { active: 1 }]]));
  });

  it('R24: months are UTC calendar months, across year ends', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2026-01')).toEqual([]);
    expect(utcMonth('2026-01-31T23:30:00.000Z')).toBe('2026-01');
    expect(utcMonth('2026-02-01T01:30:00+02:00')).toBe('2026-01');
  });
});
