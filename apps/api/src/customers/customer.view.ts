import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { SEGMENTS } from '@ledger/domain';
import { CreateCustomerResult, CustomerDocument } from '@ledger/application';
import { PageSchema } from '../http/page.schema';

@ApiSchema({ name: 'Customer' })
export class CustomerView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'Contoso Ltd' }) name!: string;
  @ApiProperty({ example: 'TW' }) billingCountry!: string;
  @ApiProperty({ enum: SEGMENTS }) segment!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'integer', description: 'Also the ETag: "<revision>"' }) revision!: number;
}

@ApiSchema({ name: 'CustomerPage' })
export class CustomerPageView extends PageSchema {
  @ApiProperty({ type: () => [CustomerView] }) items!: CustomerView[];
}

/** A command's answer (R4): the new resource's id, revision and log position. */
@ApiSchema({ name: 'CustomerCreated' })
export class CustomerCreatedView implements CreateCustomerResult {
  @ApiProperty() id!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ description: 'Pass as ?consistentWith= to read your write' }) position!: string;
}

export function customerView(doc: CustomerDocument): CustomerView {
  return {
    id: doc.id,
    name: doc.name,
    billingCountry: doc.billingCountry,
    segment: doc.segment,
    createdAt: doc.createdAt,
    revision: doc.revision,
  };
}
