import { Provider } from '@nestjs/common';
import { Projection } from '../projections/projection';
import { CatalogReader } from './catalog-reader';
import { DemoCatalogSeeder } from './demo-catalog-seeder';
import { ImportCatalogHandler } from './import-catalog.command';
import { GetOfferHandler, ListOffersHandler } from './offer-queries';
import { offersProjection } from './offers.projection';

/** Command and query handlers of this feature, registered on the CQRS buses by ApplicationModule. */
export const CATALOG_HANDLERS: Provider[] = [ImportCatalogHandler, ListOffersHandler, GetOfferHandler, CatalogReader, DemoCatalogSeeder];

/** Read models of this feature, kept up to date by the worker. */
export const CATALOG_PROJECTIONS: Projection[] = [offersProjection];
