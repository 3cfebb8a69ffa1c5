import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNumber, IsOptional, Matches, ValidateNested } from 'class-validator';

const OFFER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class OrderLineDto {
  @ApiProperty({ example: 'm365-business-basic-monthly' })
  @Matches(OFFER_ID, { message: 'offerId must be a catalog offer id' })
  offerId!: string;

  @ApiPropertyOptional({ description: 'License seats; omit for usage-based offers (R8i)', example: 5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'quantity must be a number' })
  quantity?: number;
}

export class OrderDto {
  @ApiProperty({ type: [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'an order needs at least one line' })
  @ArrayMaxSize(50, { message: 'an order has at most 50 lines' })
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
}

export class AddOnDto extends OrderLineDto {}
