import { ChargeEvent, isCredit } from '@ledger/domain';

/** Totals kept as the projection goes (never summed per request), in integer cents. */
export interface InvoiceTotals {
  chargesCents: number;
  /** Positive: what was credited. */
  creditsCents: number;
  lineCount: number;
}

export const NO_TOTALS: InvoiceTotals = { chargesCents: 0, creditsCents: 0, lineCount: 0 };

export function addEntry(totals: InvoiceTotals, entry: ChargeEvent): InvoiceTotals {
  const credit = isCredit(entry);
  return {
    chargesCents: totals.chargesCents + (credit ? 0 : entry.data.amountCents),
    creditsCents: totals.creditsCents + (credit ? entry.data.amountCents : 0),
    lineCount: totals.lineCount + 1,
  };
}
