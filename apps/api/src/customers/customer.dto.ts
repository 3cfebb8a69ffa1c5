import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Segment, SEGMENTS } from '@ledger/domain';

export class CreateCustomerDto {
  @ApiProperty({ example: 'Contoso Ltd' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'TW', description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'billingCountry must be an ISO 3166-1 alpha-2 code such as "TW"' })
  billingCountry!: string;

  @ApiProperty({ enum: SEGMENTS })
  @IsIn(SEGMENTS as Segment[], { message: `segment must be one of ${SEGMENTS.join(', ')}` })
  segment!: Segment;
}
