import type { Schemas } from '../api/client';

/** "2026-12-02 12:35:09 UTC": instants are UTC everywhere in the ledger (SPEC.md). */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function formatMoney(money: Schemas['Money'] | null | undefined): string {
  return money ? `${money.amount} ${money.currency}` : '—';
}
