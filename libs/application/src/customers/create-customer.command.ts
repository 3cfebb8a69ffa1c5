import { Segment } from '@ledger/domain';
import { CommandContext } from '../commands/command-context';

export class CreateCustomerCommand {
  constructor(
    readonly input: { name: string; billingCountry: string; segment: Segment },
    readonly context: CommandContext,
  ) {}
}

export interface CreateCustomerResult {
  id: string;
  revision: number;
  position: string;
}
