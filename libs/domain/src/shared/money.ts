/**
 * Money is kept in integer cents inside the domain and shown as a decimal string
 * ("12.50") outside: never floats (API.md).
 */
export interface Money {
  amount: string;
  currency: string;
}

export const CURRENCY = 'USD';

export function parseCents(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const [, sign, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function money(cents: number, currency = CURRENCY): Money {
  return { amount: formatCents(cents), currency };
}
