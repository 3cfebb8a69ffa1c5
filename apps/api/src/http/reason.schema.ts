import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Reason, ReasonCode } from '@ledger/domain';

/** Every R8 reason code: a Record so that a code added to the domain fails to compile here until listed. */
const REASON_CODES: Record<ReasonCode, true> = {
  'offer-not-found': true,
  'customer-not-found': true,
  'one-per-customer': true,
  'suspended-subscription-exists': true,
  'country-not-supported': true,
  'segment-not-supported': true,
  'exclusive-offer': true,
  'not-transactable': true,
  'invalid-quantity': true,
  'invalid-term': true,
  'invalid-term-end-date': true,
};

/** Why an offer cannot be bought or an order line is invalid (R6, R8): a SPEC reason code. */
@ApiSchema({ name: 'Reason' })
export class ReasonSchema implements Reason {
  @ApiProperty({ type: String, enum: Object.keys(REASON_CODES), example: 'one-per-customer', description: 'SPEC.md R8 reason code' })
  code!: ReasonCode;

  @ApiProperty({ example: 'suspended subscription sub-9 exists: reactivate it instead of buying' })
  message!: string;

  @ApiPropertyOptional({ description: 'The subscription the reason is about, when there is one' })
  subscriptionId?: string;
}
