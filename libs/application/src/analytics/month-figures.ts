import { Counters } from '../ports/read-store.port';

/**
 * A month's figures as stored (integer cents). `active` and `mrrCents` are the month's
 * change; the others are totals of the month.
 */
export const FIGURES = ['purchased', 'cancelled', 'expired', 'deleted', 'active', 'mrrCents', 'chargesCents', 'creditsCents'] as const;
export type Figure = (typeof FIGURES)[number];
export type MonthFigures = Partial<Record<Figure, number>>;

/** A month's figures as reported: flows of the month, states at its end. */
export interface MonthlyFigures {
  month: string;
  purchased: number;
  cancelled: number;
  expired: number;
  deleted: number;
  activeAtEnd: number;
  mrrAtEndCents: number;
  chargesCents: number;
  creditsCents: number;
  netCents: number;
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The UTC calendar month "YYYY-MM" of an ISO instant (whatever offset it is written with). */
export function utcMonth(instant: string): string {
  return instant.endsWith('Z') ? instant.slice(0, 7) : new Date(instant).toISOString().slice(0, 7);
}

export function counterName(month: string, figure: Figure): string {
  return `${month}:${figure}`;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** How many months from `from` to `to`, both counted (0 or less when from > to). */
export function monthsSpanned(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from) + 1;
}

/** Months from `from` to `to` inclusive ("YYYY-MM" each); empty when from > to. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) months.push(monthOf(i));
  return months;
}

/** Figures stored as counters "YYYY-MM:figure", grouped by month. */
export function countersByMonth(counters: Counters): Map<string, MonthFigures> {
  const months = new Map<string, MonthFigures>();
  for (const [name, value] of Object.entries(counters)) {
    const separator = name.indexOf(':');
    const month = name.slice(0, separator);
    const figure = name.slice(separator + 1) as Figure;
    if (separator < 0 || !MONTH_PATTERN.test(month) || !FIGURES.includes(figure)) continue;
    const figures = months.get(month) ?? {};
    figures[figure] = (figures[figure] ?? 0) + value;
    months.set(month, figures);
  }
  return months;
}

/**
 * One row per month from `from` to `to`, months without activity with zeros; a month's end
 * is the sum of every change up to it, earlier months included (carried forward).
 */
export function monthlyFigures(stored: Map<string, MonthFigures>, from: string, to: string): MonthlyFigures[] {
  let active = 0;
  let mrrCents = 0;
  for (const [month, figures] of stored) {
    if (month < from) {
      active += figures.active ?? 0;
      mrrCents += figures.mrrCents ?? 0;
    }
  }
  return monthRange(from, to).map((month) => {
    const f = stored.get(month) ?? {};
    active += f.active ?? 0;
    mrrCents += f.mrrCents ?? 0;
    const chargesCents = f.chargesCents ?? 0;
    const creditsCents = f.creditsCents ?? 0;
    return {
      month,
      purchased: f.purchased ?? 0,
      cancelled: f.cancelled ?? 0,
      expired: f.expired ?? 0,
      deleted: f.deleted ?? 0,
      activeAtEnd: active,
      mrrAtEndCents: mrrCents,
      chargesCents,
      creditsCents,
      netCents: chargesCents - creditsCents,
    };
  });
}
