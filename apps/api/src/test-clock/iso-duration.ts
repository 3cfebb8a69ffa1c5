import { addMonths } from '@ledger/domain';

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/** `from` moved forward by an ISO 8601 duration (years and months on the calendar, R13 style). */
export function addIsoDuration(from: Date, duration: string): Date | null {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const calendar = addMonths(from, years * 12 + months);
  const ms = ((weeks * 7 + days) * 24 * 3600 + hours * 3600 + minutes * 60) * 1000 + Math.round(seconds * 1000);
  return new Date(calendar.getTime() + ms);
}
