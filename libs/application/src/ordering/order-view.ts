import { DomainError, money, Money, OrderReview, Reason, ReviewedLine } from '@ledger/domain';

export interface ReviewedLineView {
  offerId: string;
  quantity: number | null;
  valid: boolean;
  reasons: Reason[];
  unitPrice: Money | null;
  total: Money;
}

export interface OrderReviewView {
  valid: boolean;
  lines: ReviewedLineView[];
  total: Money;
}

export function reviewedLineView(line: ReviewedLine): ReviewedLineView {
  return {
    offerId: line.offerId,
    quantity: line.quantity,
    valid: line.valid,
    reasons: line.reasons,
    unitPrice: line.unitPriceCents === null ? null : money(line.unitPriceCents),
    total: money(line.totalCents),
  };
}

export function orderReviewView(review: OrderReview): OrderReviewView {
  return { valid: review.valid, lines: review.lines.map(reviewedLineView), total: money(review.totalCents) };
}

/** A refused order answers with its lines exactly as a review shows them (API.md). */
export async function withOrderLinesAsViews<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'order-refused' && Array.isArray(error.details.lines)) {
      throw new DomainError(error.code, error.message, { lines: (error.details.lines as ReviewedLine[]).map(reviewedLineView) });
    }
    throw error;
  }
}
