import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Money } from '@ledger/domain';

/** API.md: money as a decimal string and a currency, never a float. */
@ApiSchema({ name: 'Money' })
export class MoneySchema implements Money {
  @ApiProperty({ example: '12.50', pattern: '^-?[0-9]+\\.[0-9]{2}$', description: 'Decimal string with two digits after the point' })
  amount!: string;

  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$' })
  currency!: string;
}
