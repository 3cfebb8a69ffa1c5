import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../http/pagination';
import { EmptyAsUndefined } from '../http/empty-as-undefined';

export class InvoiceLinesQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Only this customer's lines (one of the partner's customers)" })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { message: 'customerId must be a customer id' })
  customerId?: string;
}
