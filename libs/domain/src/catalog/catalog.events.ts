import { DomainEvent } from '../shared/decider';
import { Offer } from './offer';

/** The catalog stream: each import publishes the offers that are new or changed. */
export type OfferPublished = DomainEvent<'OfferPublished', { offer: Offer; catalogVersion: string }>;
export type CatalogEvent = OfferPublished;

export const CATALOG_STREAM = 'catalog';
