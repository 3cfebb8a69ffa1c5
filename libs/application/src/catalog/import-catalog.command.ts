import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '../ports/clock.port';
import { EVENT_STORE, EventStore } from '../ports/event-store.port';
import { ID_GENERATOR, IdGenerator } from '../ports/id-generator.port';
import { CommandContext } from '../commands/command-context';
import { importCatalog, ImportCatalogResult } from './import-catalog';

export class ImportCatalogCommand {
  constructor(readonly file: unknown, readonly context: CommandContext) {}
}

@CommandHandler(ImportCatalogCommand)
export class ImportCatalogHandler implements ICommandHandler<ImportCatalogCommand, ImportCatalogResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  execute({ file, context }: ImportCatalogCommand): Promise<ImportCatalogResult> {
    return importCatalog({ eventStore: this.eventStore, clock: this.clock, ids: this.ids }, file, context);
  }
}
